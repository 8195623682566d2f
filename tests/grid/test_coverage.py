"""Coverage figures on a fixture with known answers.

Today is Monday 2026-11-02 (Asia/Shanghai). Grid g1 (worker1) has 4 households:
  A high-risk, visited 3 days ago          -> covered
  B high-risk, visited 10 days ago         -> overdue (high risk)
  C general, visited 20 days ago           -> covered
  D general, never visited, registered today -> due today, not covered, not overdue
Grid g2 (worker2) has 1 household, general, visited 100 days ago -> overdue.
Visits per week (Mondays from 2026-09-14 to 2026-11-02): g1 has visits 3, 10 and 20 days ago ->
weeks of 10-30 (Fri), 10-23 (Fri) and 10-13 (Tue) -> [0, 0, 0, 0, 1, 1, 1, 0].
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from grid.coverage import coverage_by_community, coverage_by_grid, coverage_by_worker, week_starts
from grid.models import Grid, Visit
from grid.services import refresh_household
from tests.grid.factories import HouseholdFactory, ResidentFactory, high_risk_tag

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def known(reg, time_machine):
    time_machine.move_to(NOW, tick=False)
    tag = high_risk_tag()
    w1, w2 = reg["worker1"], reg["worker2"]
    a, b = reg["h1"], HouseholdFactory(building=reg["b_g1"], door_number="102")
    c, d = HouseholdFactory(building=reg["b_g1"], door_number="103"), HouseholdFactory(building=reg["b_g1"],
                                                                                        door_number="104")
    reg["r1"].tags.add(tag)
    ResidentFactory(household=b).tags.add(tag)
    for household, days, worker in ((a, 3, w1), (b, 10, w1), (c, 20, w1), (reg["h2"], 100, w2)):
        Visit.objects.create(household=household, worker=worker, visited_at=NOW - datetime.timedelta(days=days))
    for household in (a, b, c, d, reg["h2"]):
        refresh_household(household)
    return reg


def test_week_starts_are_eight_mondays_ending_this_week():
    starts = week_starts(datetime.date(2026, 11, 4))
    assert starts[0] == datetime.date(2026, 9, 14) and starts[-1] == datetime.date(2026, 11, 2) and len(starts) == 8


def test_coverage_by_grid_known_answers(known):
    rows = {row.obj.code: row for row in coverage_by_grid(Grid.objects.filter(community=known["a1"]),
                                                           timezone.localdate())}
    g1, g2 = rows["a1-g1"], rows["a1-g2"]
    assert (g1.households, g1.covered, g1.percent, g1.overdue, g1.overdue_high_risk) == (4, 2, 50.0, 1, 1)
    assert g1.weekly_visits == [0, 0, 0, 0, 1, 1, 1, 0]
    assert (g2.households, g2.covered, g2.percent, g2.overdue, g2.overdue_high_risk) == (1, 0, 0.0, 1, 0)
    assert g2.weekly_visits == [0] * 8  # 100 days ago is before the window
    assert g1.below_target and g2.below_target


def test_coverage_by_worker_and_target(known):
    from grid.services import policy_update

    policy_update(community=known["a1"], actor=known["admin_a1"], high_risk_days=7, key_group_days=30,
                  general_days=90, emergency_hours=24, coverage_target_percent=50)
    rows = {row.obj.username: row for row in coverage_by_worker(known["a1"], timezone.localdate())}
    assert rows["worker1"].percent == 50.0 and not rows["worker1"].below_target
    assert rows["worker1"].weekly_visits == [0, 0, 0, 0, 1, 1, 1, 0]
    assert rows["worker2"].percent == 0.0 and rows["worker2"].below_target


def test_coverage_by_community_known_answers(known):
    rows = {row.obj.code: row for row in coverage_by_community([known["a1"], known["a2"]], timezone.localdate())}
    assert (rows["a1"].households, rows["a1"].covered, rows["a1"].overdue_high_risk) == (5, 2, 1)
    assert rows["a1"].percent == 40.0 and rows["a2"].households == 0 and not rows["a2"].below_target
    assert rows["a2"].percent is None  # no households: "无住户", never 100 %


def test_community_admin_page_highlights_workers_below_target(client, known):
    client.force_login(known["admin_a1"])
    response = client.get(reverse("grid:coverage"))
    html = response.content.decode()
    assert "网格员甲" in html and "网格员乙" in html and "低于目标" in html
    rows = {r.label: r for r in response.context["worker_rows"]}
    assert rows["网格员甲"].percent == 50.0 and rows["网格员甲"].below_target  # default target 90 %
    assert rows["网格员乙"].below_target and 'data-below-target="1"' in html


def test_street_admin_sees_communities(client, known):
    client.force_login(known["street_a"])
    response = client.get(reverse("grid:coverage"))
    assert [str(r.label) for r in response.context["community_rows"]] == ["甲一社区", "甲二社区"]
    assert "worker_rows" not in response.context


def test_worker_sees_only_own_grid(client, known):
    client.force_login(known["worker1"])
    response = client.get(reverse("grid:coverage"))
    assert [r.obj.code for r in response.context["grid_rows"]] == ["a1-g1"]


def test_window_staff_refused_coverage(client, known):
    client.force_login(known["window"])
    response = client.get(reverse("grid:coverage"))
    assert response.status_code == 403 and "窗口人员" in response.content.decode()
