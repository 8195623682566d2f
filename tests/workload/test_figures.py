"""The reform's figures: tasks in force per community against 145, applications, refusals, ledgers, time share."""

import datetime

import pytest
from django.utils import timezone

from grid.models import Community
from tests import factories
from tests.workload.conftest import file, make_task
from workload import baseline, services
from workload.models import Disposition, Task, TaskList
from workload.selectors import figures, tasks_in_force
from workload.timeshare import time_in_grid

pytestmark = pytest.mark.django_db


def test_baseline_is_145_lines_with_dispositions_and_loads_once(departments):
    rows = list(baseline.rows())
    assert len(rows) == 145 and len({r[5] for r in rows}) == 145
    reform = datetime.date(2025, 7, 1)
    assert baseline.load(reform_date=reform, before=datetime.date(2024, 1, 1)) == 145
    assert baseline.load(reform_date=reform, before=datetime.date(2024, 1, 1)) == 0
    kept = Task.objects.filter(disposition=Disposition.KEPT)
    assert kept.count() == sum(1 for r in rows if r[4] == Disposition.KEPT)
    merged = Task.objects.filter(disposition=Disposition.MERGED)
    assert merged.exists() and all(t.merged_into.disposition == Disposition.KEPT for t in merged)
    assert all(t.merged_into.category == t.category for t in merged)
    assert Task.objects.filter(task_list=TaskList.NEGATIVE).exclude(disposition=Disposition.KEPT).count() == \
        Task.objects.filter(task_list=TaskList.NEGATIVE).count()
    assert Task.objects.get(code="JC-001").changes.count() == 1  # kept: only its creation


def test_figures_count_tasks_per_community_against_the_baseline(people, territory, today):
    baseline.load(reform_date=datetime.date(2025, 7, 1), before=datetime.date(2024, 1, 1))
    kept = Task.objects.filter(disposition=Disposition.KEPT).count()
    make_task("EXTRA", task_list=TaskList.ASSISTING, communities=[territory["a1"]])
    a1, a2 = territory["a1"], territory["a2"]
    result = figures(communities=[a1, a2], day=today)
    rows = {row["community"].pk: row for row in result["rows"]}
    assert rows[a1.pk]["in_force"] == kept + 1 and rows[a2.pk]["in_force"] == kept
    assert rows[a1.pk]["baseline"] == 145 and rows[a2.pk]["cut"] == 145 - kept
    assert rows[a1.pk]["in_force"] == tasks_in_force(a1, today).count()
    assert sum(result["baseline"].values()) == 145


def test_figures_applications_refusals_ledgers(people, territory, departments, today):
    file(people["cg"], title="待审")
    refused = file(people["cg"], title="被拒")
    services.application_review(application=refused, actor=people["street_a"], agrees=False, opinion="否")
    services.application_decide(application=refused, actor=people["district"], admit=False, reason="否")
    refusal = services.refusal_record(actor=people["community_a1"], community=territory["a1"],
                                      department=departments["tj"], what="月报", pushed_on=today, channel="chat")
    services.refusal_refuse(refusal=refusal, actor=people["community_a1"], reason="未准入")
    for name, status, source in (("走访", "replaced", "visits"), ("月报", "abolished", ""), ("会议", "", "")):
        ledger = services.ledger_add(actor=people["community_a1"], community=territory["a1"], name=name)
        if status:
            services.ledger_cut(ledger=ledger, actor=people["community_a1"], status=status, replaced_by=source)
    result = figures(communities=[territory["a1"]], day=today, user=people["district"])
    assert result["applications"] == {"pending": 1, "admitted": 0, "refused": 1, "overdue": 0}
    assert result["refusals"]["total"] == 1
    assert result["ledgers"] == {"before": 3, "after": 1, "replaced": 1}
    late = figures(communities=[territory["a1"]], day=today + datetime.timedelta(days=60), user=people["district"])
    assert late["applications"]["overdue"] == 1


def test_time_in_grid_share_from_visits_proxy_tickets_and_requests(settings, territory, people):
    from grid.models import Household
    from services.models import QueueTicket, ServiceRequest

    settings.WORKLOAD_MINUTES_PER_VISIT, settings.WORKLOAD_MINUTES_PER_PROXY = 30, 60
    settings.WORKLOAD_MINUTES_PER_TICKET, settings.WORKLOAD_MINUTES_PER_REQUEST = 15, 20
    a1 = territory["a1"]
    tz = timezone.get_current_timezone()
    in_month = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=tz)
    outside = datetime.datetime(2026, 4, 1, 0, 30, tzinfo=tz)
    household = Household.objects.create(building=territory["b_g1"], door_number="101")
    from grid.models import Visit

    for when in (in_month, in_month, outside):
        Visit.objects.create(household=household, worker=people["grid"], visited_at=when)
    centre = factories.ServiceCentreFactory(community=a1)
    for n, when in enumerate((in_month, in_month, in_month, in_month, outside)):
        QueueTicket.objects.create(centre=centre, service_date=when.date(), number=f"A{n:03d}", sequence=n + 1, status="completed",
                                   issued_at=when, completed_at=when)
    from tests.services.factories import ItemFactory

    item = ItemFactory()
    common = {"item": item, "community": a1, "applicant_name": "林", "created_by": people["window"],
              "number": "", "status": "completed"}
    ServiceRequest.objects.create(**common | {"number": "P1", "is_proxy": True, "channel": "proxy",
                                              "consent_by": "林", "consent_at": in_month, "confirmed_at": in_month})
    ServiceRequest.objects.create(**common | {"number": "O1", "channel": "online", "closed_at": in_month})
    ServiceRequest.objects.create(**common | {"number": "W1", "channel": "window", "closed_at": in_month})
    result = time_in_grid(communities=[a1, territory["a2"]], month=datetime.date(2026, 3, 1))
    row = result[a1.pk]
    assert (row["visits"], row["proxy"], row["tickets"], row["requests"]) == (2, 1, 4, 1)
    assert row["grid_minutes"] == 2 * 30 + 60 and row["desk_minutes"] == 4 * 15 + 20
    assert row["share"] == 60.0
    assert result[territory["a2"].pk]["share"] is None


def test_in_force_follows_dates(territory, today):
    later = make_task("L", since=today + datetime.timedelta(days=1))
    ended = make_task("E", since=datetime.date(2024, 1, 1), until=today)
    current = make_task("C")
    assert list(tasks_in_force(Community.objects.get(pk=territory["a1"].pk), today)) == [current]
    assert not later.in_force_on(today) and not ended.in_force_on(today)
