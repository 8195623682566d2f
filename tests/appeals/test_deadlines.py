import datetime

import pytest

from appeals import services
from appeals.models import DeadlineBreach, Level
from appeals.workflow import Status
from taijiang.notifications.models import Notification
from taijiang.workdays.models import CalendarDay

from .conftest import MONDAY_10, TZ, submit

pytestmark = pytest.mark.django_db


def at(day: str, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hh, mm), tzinfo=TZ)


def test_deadlines_are_counted_in_working_hours(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    appeal = submit(people["resident"], category=categories["sanitation"])  # 4 / 14 / 35 working hours
    assert appeal.accept_due == at("2026-12-07", 16, 30)  # 10:00–12:00 + 14:30–16:30
    assert appeal.reply_due == at("2026-12-09", 11, 0)  # 5 h Monday, 6.5 h Tuesday, 2.5 h Wednesday


def test_deadline_skips_the_weekend(people, categories, time_machine):
    time_machine.move_to(at("2026-12-04", 16, 0), tick=False)  # Friday afternoon
    appeal = submit(people["resident"], category=categories["sanitation"])
    assert appeal.accept_due == at("2026-12-07", 11, 0)  # 1.5 h on Friday, 2.5 h on Monday


def test_deadline_skips_a_holiday_after_the_weekend(people, categories, time_machine):
    CalendarDay.objects.create(date=datetime.date(2026, 12, 7), kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    time_machine.move_to(at("2026-12-04", 16, 0), tick=False)
    appeal = submit(people["resident"], category=categories["sanitation"])
    assert appeal.accept_due == at("2026-12-08", 11, 0)


def test_missed_accept_deadline_escalates_once_even_when_swept_twice(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    appeal = submit(people["resident"], category=categories["sanitation"])
    time_machine.move_to(at("2026-12-07", 16, 29), tick=False)
    assert services.sweep_deadlines() == 0
    time_machine.move_to(at("2026-12-07", 16, 31), tick=False)
    assert services.sweep_deadlines() == 1
    assert services.sweep_deadlines() == 0
    appeal.refresh_from_db()
    assert appeal.level == Level.COMMUNITY and appeal.status == Status.SUBMITTED
    breach = DeadlineBreach.objects.get()
    assert (breach.level, breach.kind, breach.escalated) == (Level.GRID, "accept", True)
    assert Notification.objects.filter(recipient=people["worker_g1"], event="appeals.breach").count() == 1
    assert Notification.objects.filter(recipient=people["admin_a1"], event="appeals.escalated").count() == 1
    assert appeal.events.filter(kind="breach", public=False).count() == 1
    assert appeal.events.filter(kind="escalated").count() == 1


def test_the_next_level_has_its_own_deadline_and_breach(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    appeal = submit(people["resident"], category=categories["sanitation"])
    time_machine.move_to(at("2026-12-07", 16, 31), tick=False)
    services.sweep_deadlines()
    appeal.refresh_from_db()
    assert appeal.accept_due == at("2026-12-08", 11, 31)  # 4 working hours from the escalation
    time_machine.move_to(at("2026-12-08", 11, 32), tick=False)
    assert services.sweep_deadlines() == 1
    services.sweep_deadlines()
    appeal.refresh_from_db()
    assert appeal.level == Level.STREET
    assert set(DeadlineBreach.objects.values_list("level", flat=True)) == {"grid", "community"}


def test_category_without_escalation_flags_and_notifies_the_next_level(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    appeal = submit(people["resident"], category=categories["policy"], text="高龄补贴怎么申请")
    assert appeal.level == Level.COMMUNITY
    time_machine.move_to(at("2026-12-08", 10, 0), tick=False)
    assert services.sweep_deadlines() == 1
    appeal.refresh_from_db()
    assert appeal.level == Level.COMMUNITY and appeal.is_overdue
    assert Notification.objects.filter(recipient=people["admin_a1"], event="appeals.breach").count() == 1
    assert Notification.objects.filter(recipient=people["street_a"], event="appeals.breach").count() == 1
    assert services.sweep_deadlines() == 0


def test_accepted_case_breaches_reply_and_resolve_but_not_accept(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    appeal = submit(people["resident"], category=categories["sanitation"])
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    time_machine.move_to(at("2026-12-09", 11, 1), tick=False)  # reply deadline missed, resolve not yet
    assert services.sweep_deadlines() == 1
    appeal.refresh_from_db()
    assert appeal.level == Level.GRID and appeal.is_overdue  # a late reply is flagged, not escalated
    assert list(DeadlineBreach.objects.values_list("kind", flat=True)) == ["reply"]
    time_machine.move_to(at("2026-12-21", 10, 0), tick=False)
    assert services.sweep_deadlines() == 1
    appeal.refresh_from_db()
    assert appeal.level == Level.COMMUNITY  # a missed resolve deadline escalates


def test_replied_and_info_requested_cases_are_not_swept(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    a = submit(people["resident"], category=categories["sanitation"])
    b = submit(people["neighbour"], category=categories["sanitation"])
    services.appeal_accept(appeal=a, actor=people["worker_g1"])
    services.appeal_reply(appeal=a, actor=people["worker_g1"], text="已处理", resolve=True)
    services.appeal_request_info(appeal=b, actor=people["worker_g1"], text="请告诉我们具体位置")
    time_machine.move_to(at("2026-12-31", 10, 0), tick=False)
    assert services.sweep_deadlines() == 0


def test_beat_runs_the_sweep_every_minute():
    from appeals.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["appeals-sweep-deadlines"] == {"task": "appeals.tasks.sweep_deadlines", "schedule": 60.0}


def test_task_runs_the_sweep(people, categories, time_machine):
    from appeals.tasks import sweep_deadlines_task

    time_machine.move_to(MONDAY_10, tick=False)
    submit(people["resident"], category=categories["sanitation"])
    time_machine.move_to(at("2026-12-08", 9, 0), tick=False)
    assert sweep_deadlines_task.delay().get() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_racing_act_once(territory, time_machine):
    import threading

    from django.db import connection

    from appeals.defaults import ensure_categories
    from tests import factories

    categories = {c.code: c for c in ensure_categories()}
    time_machine.move_to(MONDAY_10, tick=False)
    resident = factories.resident(building=territory["b_g1"])
    factories.grid_worker(territory["g1"])
    for _ in range(5):
        services.appeal_submit(actor=resident, text="垃圾", category=categories["sanitation"])
    time_machine.move_to(at("2026-12-07", 17, 0), tick=False)
    results = []

    def work():
        try:
            results.append(services.sweep_deadlines())
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 5 and DeadlineBreach.objects.count() == 5


def test_a_reopened_case_gets_new_deadlines_that_are_swept_again(people, categories, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    appeal = submit(people["resident"], category=categories["policy"])  # no escalation on breach
    services.appeal_accept(appeal=appeal, actor=people["admin_a1"])
    time_machine.move_to(at("2026-12-21", 10, 0), tick=False)
    assert services.sweep_deadlines() == 2  # reply and resolve
    services.appeal_reply(appeal=appeal, actor=people["admin_a1"], text="已答复", resolve=True)
    appeal = services.appeal_reopen(appeal=appeal, actor=people["resident"], reason="没说清楚")
    assert not appeal.is_overdue and appeal.resolve_due > at("2026-12-21", 10, 0)
    time_machine.move_to(at("2027-01-11", 10, 0), tick=False)
    assert services.sweep_deadlines() == 1  # the new resolve deadline (the reply clock already stopped)
    assert services.sweep_deadlines() == 0
    assert DeadlineBreach.objects.filter(appeal=appeal, kind="resolve").count() == 2
