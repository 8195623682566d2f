"""Working-day rules of admission across holidays and make-up days (taijiang.workdays calendar)."""

import datetime

import pytest

from taijiang.core.exceptions import DomainError
from taijiang.workdays.models import CalendarDay
from tests.workload.conftest import file
from workload import services

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def national_day():
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2026, 10, day), kind="holiday", name="国庆节")
    CalendarDay.objects.create(date=D(2026, 9, 27), kind="workday", name="国庆节调休")  # a Sunday
    CalendarDay.objects.create(date=D(2026, 10, 10), kind="workday", name="国庆节调休")  # a Saturday


def test_filing_needs_thirty_working_days_and_the_holiday_week_does_not_count(people, national_day):
    filed = D(2026, 9, 21)  # Monday
    # Working days after 21 Sep: 22–25 (4), Sun 27 make-up (5), 28–30 (8), holiday week, 8–9 Oct (10),
    # Sat 10 make-up (11), 12 Oct – 30 Oct (26), 2–5 Nov: the 30th is Thu 5 Nov.
    with pytest.raises(DomainError) as exc:
        file(people["cg"], today=filed, start=D(2026, 11, 4))
    assert exc.value.field == "start_date"
    assert "最早可于 2026-11-05 开始" in str(exc.value.message)
    application = file(people["cg"], today=filed, start=D(2026, 11, 5))
    assert application.filed_on == filed


def test_a_plain_calendar_month_is_not_enough_notice(people):
    with pytest.raises(DomainError) as exc:
        file(people["cg"], today=D(2026, 11, 2), start=D(2026, 12, 2))  # 22 working days
    assert "须至少提前 30 个工作日申请" in str(exc.value.message)


def test_decision_due_fifteen_working_days_later_across_holidays(people, national_day):
    application = file(people["cg"], today=D(2026, 9, 28), start=D(2026, 12, 31))
    # 29, 30 Sep (2), 8, 9 Oct (4), Sat 10 make-up (5), 12–16 (10), 19–23 Oct (15).
    assert application.decision_due == D(2026, 10, 23)


def test_make_up_saturday_counts_as_a_working_day(people, national_day):
    application = file(people["cg"], today=D(2026, 9, 30), start=D(2026, 12, 31))
    # 8, 9 Oct (2), Sat 10 (3), 12–16 (8), 19–23 (13), 26, 27 Oct (15).
    assert application.decision_due == D(2026, 10, 27)


def test_overdue_is_flagged_only_while_pending(people, reviewed):
    late = reviewed.decision_due + datetime.timedelta(days=1)
    assert reviewed.is_overdue_on(late) and not reviewed.is_overdue_on(reviewed.decision_due)
    services.application_decide(application=reviewed, actor=people["district"], admit=False, reason="否")
    reviewed.refresh_from_db()
    assert not reviewed.is_overdue_on(late)


def test_notice_and_decision_days_come_from_settings(people, settings):
    settings.WORKLOAD_ADMISSION_NOTICE_DAYS, settings.WORKLOAD_DECISION_DAYS = 5, 2
    application = file(people["cg"], today=D(2026, 11, 2), start=D(2026, 11, 9))  # Mon → next Mon: 5 days
    assert application.decision_due == D(2026, 11, 4)


def test_task_admitted_after_its_start_date_starts_on_the_decision_day(people, today):
    application = file(people["cg"], today=today - datetime.timedelta(days=120),
                       start=today - datetime.timedelta(days=10))
    services.application_review(application=application, actor=people["street_a"], agrees=True, opinion="同意")
    admitted = services.application_decide(application=application, actor=people["district"], admit=True,
                                           reason="准入")
    assert admitted.task.in_force_from == today and admitted.task.in_force_on(today)
