import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from grid.models import Household, Visit, VisitPolicy
from grid.selectors import households_due_for_visit
from grid.services import household_report_emergency, policy_update, refresh_household, resident_set_tags, visit_log
from taijiang.core.exceptions import NotAllowed
from tests.grid.factories import HouseholdFactory, ResidentFactory, high_risk_tag, key_group_tag

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def at_now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def _visit(worker, household, days_ago, outcome="met"):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    if days_ago > 30:  # older than a draft may be: written directly, as an import of history would
        Visit.objects.create(household=household, worker=worker, outcome=outcome, visited_at=when)
        refresh_household(household)
    else:
        visit_log(actor=worker, household=household, outcome=outcome, visited_at=when)
    household.refresh_from_db()


def test_default_periods_by_tier(reg, at_now):
    today = timezone.localdate()
    general, key, high = reg["h1"], HouseholdFactory(building=reg["b_g1"]), HouseholdFactory(building=reg["b_g1"])
    resident_set_tags(actor=reg["worker1"], resident=ResidentFactory(household=key), tags=[key_group_tag()])
    resident_set_tags(actor=reg["worker1"], resident=ResidentFactory(household=high), tags=[high_risk_tag()])
    for household, days in ((general, 90), (key, 30), (high, 7)):
        _visit(reg["worker1"], household, 0)
        assert household.next_visit_due == today + datetime.timedelta(days=days)
    assert (general.risk_rank, key.risk_rank, high.risk_rank) == (3, 2, 1)


def test_never_visited_household_is_due_from_registration(reg, at_now):
    household = HouseholdFactory(building=reg["b_g1"])
    refresh_household(household)
    assert household.next_visit_due == timezone.localdate()


def test_tag_change_recomputes_due_date(reg, at_now):
    _visit(reg["worker1"], reg["h1"], 3)
    assert reg["h1"].next_visit_due == timezone.localdate() + datetime.timedelta(days=87)
    resident_set_tags(actor=reg["worker1"], resident=reg["r1"], tags=[high_risk_tag()])
    reg["h1"].refresh_from_db()
    assert reg["h1"].risk_rank == 1 and reg["h1"].next_visit_due == timezone.localdate() + datetime.timedelta(days=4)


def test_moved_out_resident_tags_no_longer_count(reg, at_now):
    from grid.services import resident_change_status

    resident_set_tags(actor=reg["worker1"], resident=reg["r1"], tags=[high_risk_tag()])
    resident_change_status(actor=reg["worker1"], resident=reg["r1"], status="moved_out", date=timezone.localdate())
    reg["h1"].refresh_from_db()
    assert reg["h1"].risk_rank == 3


def test_nobody_home_does_not_count_as_visited(reg, at_now):
    _visit(reg["worker1"], reg["h1"], 10)
    due = reg["h1"].next_visit_due
    _visit(reg["worker1"], reg["h1"], 0, outcome="nobody_home")
    assert reg["h1"].next_visit_due == due


def test_replayed_older_visit_does_not_move_due_date_back(reg, at_now):
    _visit(reg["worker1"], reg["h1"], 1)
    due = reg["h1"].next_visit_due
    _visit(reg["worker1"], reg["h1"], 5)  # an offline draft arriving late
    assert reg["h1"].next_visit_due == due


def test_community_override_recomputes_households(reg, at_now):
    _visit(reg["worker1"], reg["h1"], 0)
    policy_update(community=reg["a1"], actor=reg["admin_a1"], high_risk_days=5, key_group_days=20, general_days=60,
                  emergency_hours=12, coverage_target_percent=85)
    reg["h1"].refresh_from_db()
    assert reg["h1"].next_visit_due == timezone.localdate() + datetime.timedelta(days=60)
    _visit(reg["worker2"], reg["h2"], 0)
    assert reg["h2"].next_visit_due == timezone.localdate() + datetime.timedelta(days=60)


def test_other_community_admin_cannot_change_policy(reg):
    with pytest.raises(NotAllowed, match="只有本社区的管理员"):
        policy_update(community=reg["a1"], actor=reg["admin_a2"], high_risk_days=5, key_group_days=20,
                      general_days=60, emergency_hours=12, coverage_target_percent=85)


def test_policy_page_for_community_admin_only(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:policy"), {"high_risk_days": 0, "key_group_days": 30, "general_days": 90,
                                                    "emergency_hours": 24, "coverage_target_percent": 90})
    assert response.status_code == 200 and "high_risk_days" in response.context["form"].errors
    response = client.post(reverse("grid:policy"), {"high_risk_days": 3, "key_group_days": 30, "general_days": 90,
                                                    "emergency_hours": 24, "coverage_target_percent": 90})
    assert response.status_code == 302 and VisitPolicy.objects.get(community=reg["a1"]).high_risk_days == 3
    client.force_login(reg["worker1"])
    response = client.get(reverse("grid:policy"))
    assert response.status_code == 403 and "只有社区管理员" in response.content.decode()


def test_emergency_makes_visit_due_within_24_hours_and_first(reg, at_now, time_machine):
    _visit(reg["worker1"], reg["h1"], 1)
    household_report_emergency(household=reg["h1"], actor=reg["worker1"], note="摔倒")
    reg["h1"].refresh_from_db()
    assert reg["h1"].next_visit_due == timezone.localdate() + datetime.timedelta(days=1)
    due = list(households_due_for_visit(reg["worker1"], timezone.localdate() + datetime.timedelta(days=1)))
    assert due[0] == reg["h1"]
    time_machine.move_to(NOW + datetime.timedelta(hours=3), tick=False)
    _visit(reg["worker1"], reg["h1"], 0)
    assert reg["h1"].emergency_reported_at is None


def test_due_list_highest_risk_first_then_most_overdue(reg, at_now):
    worker = reg["worker1"]
    general_old = reg["h1"]
    key = HouseholdFactory(building=reg["b_g1"])
    high_recent, high_old = HouseholdFactory(building=reg["b_g1"]), HouseholdFactory(building=reg["b_g1"])
    resident_set_tags(actor=worker, resident=ResidentFactory(household=key), tags=[key_group_tag()])
    for h in (high_recent, high_old):
        resident_set_tags(actor=worker, resident=ResidentFactory(household=h), tags=[high_risk_tag()])
    _visit(worker, general_old, 100)
    _visit(worker, key, 40)
    _visit(worker, high_recent, 8)
    _visit(worker, high_old, 20)
    fresh = HouseholdFactory(building=reg["b_g1"])
    _visit(worker, fresh, 1)
    due = list(households_due_for_visit(worker, timezone.localdate()))
    assert due == [high_old, high_recent, key, general_old]


def test_due_list_is_scoped(reg, at_now):
    assert reg["h2"] not in households_due_for_visit(reg["worker1"], timezone.localdate() + datetime.timedelta(days=1))
    assert list(households_due_for_visit(reg["window"], timezone.localdate())) == []


@pytest.mark.parametrize("count", [1, 50])
def test_due_list_query_budget(client, reg, at_now, django_assert_max_num_queries, count):
    tag = high_risk_tag()
    for i in range(count - 1):
        resident = ResidentFactory(household=HouseholdFactory(building=reg["b_g1"], door_number=f"8{i:02d}"))
        resident.tags.add(tag)
    Household.objects.update(next_visit_due=timezone.localdate() - datetime.timedelta(days=2))
    with django_assert_max_num_queries(4):
        rows = list(households_due_for_visit(reg["worker1"], timezone.localdate()))
        names = [r.name for h in rows for r in h.residents.all() for _t in r.tags.all()]
    assert len(rows) == count and len(names) == count - 1
    client.force_login(reg["worker1"])
    with django_assert_max_num_queries(15):  # + the section counts
        response = client.get(reverse("grid:due"))
    assert response.context["counts"]["overdue"] == count
    assert len(response.context["page"].object_list) == count


def test_the_due_list_is_paged_with_every_section_counted(client, reg, at_now):
    """Issue #18: a district grid has hundreds of households due; a phone gets 50 at a time."""
    for i in range(60):
        HouseholdFactory(building=reg["b_g1"], door_number=f"9{i:02d}")
    today = timezone.localdate()
    Household.objects.update(next_visit_due=today - datetime.timedelta(days=1))
    Household.objects.filter(door_number__startswith="95").update(next_visit_due=today)
    client.force_login(reg["worker1"])
    first = client.get(reverse("grid:due"))
    counts = first.context["counts"]
    assert counts["overdue"] + counts["due_today"] == Household.objects.filter(building=reg["b_g1"]).count()
    assert len(first.context["page"].object_list) == 50 and first.context["page"].has_next()
    sections = [h.due_section for h in first.context["page"].object_list]
    assert sections == sorted(sections)  # overdue first, then today
    second = client.get(reverse("grid:due"), {"page": 2})
    seen = {h.pk for h in first.context["page"].object_list} | {h.pk for h in second.context["page"].object_list}
    assert len(seen) == counts["overdue"] + counts["due_today"]
    assert client.get(reverse("grid:due"), {"page": "x<"}).status_code == 200


def test_emergency_notifies_grid_workers_and_reminder_is_cancelled_by_the_visit(reg, at_now, time_machine):
    from taijiang.notifications.models import Notification

    household_report_emergency(household=reg["h1"], actor=reg["admin_a1"], note="老人摔倒")
    now = Notification.objects.get(event="grid.emergency_reported")
    assert now.recipient == reg["worker1"] and "老人摔倒" in now.body and "24 小时内" in now.body
    reminder = Notification.objects.get(event="grid.emergency_reminder")
    assert reminder.send_after == NOW + datetime.timedelta(hours=20)
    assert not Notification.objects.filter(recipient=reg["worker2"]).exists()  # another grid
    time_machine.move_to(NOW + datetime.timedelta(hours=2), tick=False)
    visit_log(actor=reg["worker1"], household=reg["h1"])
    reminder.refresh_from_db()
    assert reminder.status != Notification.Status.ACTIVE


def test_closed_household_leaves_the_due_list(client, reg, at_now):
    client.force_login(reg["worker1"])
    response = client.post(reverse("grid:household_edit", args=[reg["h1"].pk]), {
        "building": reg["b_g1"].pk, "door_number": "101", "residence_type": "vacant", "living_situation": "ordinary"})
    assert response.status_code == 302
    reg["h1"].refresh_from_db()
    assert not reg["h1"].is_active and reg["h1"].next_visit_due is None
    assert reg["h1"] not in households_due_for_visit(reg["worker1"], timezone.localdate() + datetime.timedelta(days=400))
