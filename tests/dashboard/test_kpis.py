"""Each KPI on a hand-made world with known answers (conftest.world: DAY = 2026-12-09).

Community a1: appeals — closed on time (rated 4, 09:00 → resolved 14:00), closed late (rated 2,
resolve breach, resolved 15:30), submitted and overdue, replied (resolved 17:00); tickets — served
(wait 10, service 10 min), no-show (wait 20), waiting; visits in grids g1 and g2 (g1 has a worker,
g2 none); one held booking. Community b1 has no household at all.
"""

import datetime

import pytest

from appeals.models import AppealEvent
from services.models import RequestStatus, ServiceRequest
from taijiang.dashboard import selectors
from taijiang.dashboard.filters import Period, Territory
from taijiang.dashboard.kpis import KPIS
from taijiang.users.scope import Level
from tests.services.factories import ItemFactory

from .conftest import DAY, appeal, at

pytestmark = pytest.mark.django_db
WEEK = Period(DAY - datetime.timedelta(days=5), DAY + datetime.timedelta(days=1))


def community(t, code) -> Territory:
    return Territory(Level.COMMUNITY, street=t[code].street, community=t[code], communities=[t[code]])


def test_percentile_interpolates_like_percentile_cont():
    assert selectors.percentile([5, 6.5, 8], 50) == 6.5
    assert selectors.percentile([5, 6.5, 8], 90) == 7.7
    assert selectors.percentile([], 50) is None
    assert selectors.percentile([10], 90) == 10


def test_pct_is_a_percentage_or_none():
    assert selectors.pct(1, 3) == 33.3
    assert selectors.pct(0, 0) is None


def test_appeal_figures_known_answers(world, territory):
    a = selectors.appeals_section(community(territory, "a1"), WEEK)
    assert (a["total"], a["resolved"], a["on_time"], a["overdue_open"]) == (4, 3, 2, 1)
    assert a["on_time_rate"] == 50.0  # 2 / (3 + 1): the open overdue case is in the denominator
    assert a["overdue_now"] == 1
    assert a["resolve_p50"] == 6.5 and a["resolve_p90"] == 7.7  # hours: 5, 6.5, 8
    assert a["first_reply_p50"] is None  # nobody recorded a first reply
    assert a["average_rating"] == 3.0 and a["unrated_share"] == 0.0
    assert a["reopened"] == 0


def test_an_overdue_open_appeal_lowers_the_on_time_rate(world, territory):
    appeal(territory["a2"], "in_progress", is_overdue=True)
    a = selectors.appeals_section(community(territory, "a2"), WEEK)
    # a2: one submitted (not overdue) and one overdue in progress; nothing answered yet.
    assert a["on_time_rate"] == 0.0 and a["counted"] == 1


def test_reopened_counts_appeals_answered_then_reopened(world, territory):
    AppealEvent.objects.create(appeal=world["on_time"], kind=AppealEvent.Kind.TRANSITION, from_status="replied",
                               to_status="in_progress", level="community", at=at("16:30"))
    assert selectors.appeals_section(community(territory, "a1"), WEEK)["reopened"] == 1


def test_queue_figures_known_answers(world, territory):
    s = selectors.services_section(community(territory, "a1"), WEEK)["queue"]
    assert (s["tickets"], s["served"], s["no_shows"]) == (3, 1, 1)
    assert (s["wait_p50"], s["wait_p90"]) == (15.0, 19.0)  # waits 10 and 20 minutes
    assert (s["service_p50"], s["service_p90"]) == (10.0, 10.0)


def test_request_on_time_rate_counts_open_requests_past_their_date(world, territory, people):
    item = ItemFactory()

    def request(n, status, due, closed=None):
        return ServiceRequest.objects.create(number=f"R{n}", item=item, applicant_name="林", community=territory["a1"],
                                             status=status, due_date=due, closed_at=closed,
                                             created_by=people["window"])

    request(1, RequestStatus.COMPLETED, DAY, closed=at("10:00"))                   # on time
    request(2, RequestStatus.COMPLETED, DAY - datetime.timedelta(days=1), closed=at("10:00"))  # late
    request(3, RequestStatus.PROCESSING, DAY - datetime.timedelta(days=1))          # open, past its date
    request(4, RequestStatus.PROCESSING, DAY + datetime.timedelta(days=5))          # open, not yet due
    r = selectors.services_section(community(territory, "a1"), Period(DAY, DAY + datetime.timedelta(days=1)))
    r = r["requests"]
    assert (r["on_time"], r["counted"], r["overdue_open"]) == (1, 3, 1)
    assert r["on_time_rate"] == 33.3
    assert r["online"] == 4  # the default channel


def test_coverage_known_answers_and_no_households_is_not_100(world, territory):
    c = selectors.coverage_section(community(territory, "a1"), WEEK, DAY)
    assert c["households"] == 2 and c["visits"] == 2 and c["doorstep"] == 0
    assert c["visits_per_worker_week"] == 2.0  # 2 visits, 1 worker, 1 week
    assert c["grids_without_worker"] == 1     # g2
    empty = selectors.coverage_section(community(territory, "b1"), WEEK, DAY)
    assert empty["households"] == 0 and empty["percent"] is None


def test_doorstep_counts_visits_with_something_done_on_the_spot(world, territory):
    from grid.models import Visit

    Visit.objects.filter(household__building=territory["b_g1"]).update(actions_taken="代办了高龄补贴申请")
    assert selectors.coverage_section(community(territory, "a1"), WEEK, DAY)["doorstep"] == 1


def test_space_figures_known_answers(world, territory):
    sp = selectors.spaces_section([world["centre_a1"]], WEEK, DAY)
    assert sp["bookings_held"] == 1 and sp["activities"] == 0 and sp["attendance"] == 0
    assert sp["suggestions_need_history"] is True  # a week is too short to judge a slice
    assert sp["underused"] == []


def test_repurposing_needs_four_weeks_and_history_before_the_range(world, territory):
    month = Period(DAY - datetime.timedelta(days=34), DAY)
    sp = selectors.spaces_section([world["centre_a1"]], month, DAY)
    assert sp["suggestions_need_history"] is False
    # The room's first booking is on DAY, inside the range: no history to judge by, no suggestion.
    assert sp["underused"] == []


def test_every_kpi_has_a_unit_and_a_definition():
    for kpi in KPIS.values():
        assert str(kpi.unit) and len(str(kpi.definition)) > 8, kpi.key
    assert KPIS["appeals_on_time_rate"].heading == "诉求按时办结率（%）"


def test_every_figure_on_the_page_carries_its_definition_and_unit(client, people, world):
    client.force_login(people["street_a"])
    body = client.get("/me/dashboard/?days=7").content.decode()
    assert body.count('class="dash-help"') >= 30
    assert str(KPIS["appeals_on_time_rate"].definition) in body
    assert 'id="definitions"' in body


def test_reform_figures_known_answers(world, territory, people):
    from services.models import Window

    Window.objects.create(centre=world["centre_a1"], number=1)
    Window.objects.create(centre=world["centre_a1"], number=2)
    territory["a1"].is_pilot = True
    territory["a1"].save()
    t = Territory(Level.STREET, street=territory["street_a"], communities=[territory["a1"], territory["a2"]])
    rf = selectors.reform_section(t, WEEK, DAY)
    assert rf["windows"] == 2 and rf["windows_per_centre"] == 1.0  # two centres, two windows
    assert rf["appeals_collected"] == 5 and rf["appeals_resolved"] == 3
    assert rf["pilot_communities"] == 1 and rf["communities"] == 2
    assert rf["baseline"] == 145
    # a1 staff: window staff, grid worker (in a grid), community admin; a2: community admin.
    assert rf["staff"] == 4 and rf["staff_in_grid"] == 1
    assert rf["staff_in_grid_percent"] == 33.3  # 1 of the 3 who are not window staff


def test_utilisation_and_heatmap_known_answers(world, people):
    from tests.spaces.factories import RoomFactory, SliceFactory

    from .conftest import booking

    room = RoomFactory(centre=world["centre_a1"], follows_centre_hours=False)
    SliceFactory(room=room, weekday=DAY.weekday(), starts=datetime.time(14), ends=datetime.time(16))
    booking(room, people["resident"], "14:00", "15:00")
    sp = selectors.spaces_section([world["centre_a1"]], Period(DAY, DAY), DAY)
    assert sp["total"]["percent"] == 50.0  # 60 of 120 offered minutes
    assert sp["heatmap"]["hours"] == [14, 15]
    assert sp["heatmap"]["rows"][DAY.weekday()] == [100.0, 0.0]
    assert [(f["function"], f["percent"]) for f in sp["functions"]] == [("general", 50.0)]


def test_reform_over_the_last_twelve_months(world, territory):
    from appeals.models import Appeal
    from grid.models import Visit

    october = DAY - datetime.timedelta(days=60)
    old = appeal(territory["a1"], "closed", resolved_at=at("10:00", october))
    older = appeal(territory["a1"])  # before the twelve months: only in the running total
    Appeal.objects.filter(pk=old.pk).update(created_at=at("09:00", october))
    Appeal.objects.filter(pk=older.pk).update(created_at=at("09:00", datetime.date(2024, 1, 5)))
    Visit.objects.filter(household__building=territory["b_g1"]).update(actions_taken="代办")
    months = selectors.reform_months(community(territory, "a1"), DAY)
    assert months["labels"][0] == "2026-01" and months["labels"][-1] == "2026-12"
    series = {s["metric"]: s["data"] for s in months["series"]}
    assert series["collected"][-1] == 4 and series["collected"][-3] == 1    # December; October
    assert series["answered"][-1] == 3 and series["answered"][-3] == 1
    assert series["visits"][-1] == 2 and series["doorstep"][-1] == 1
    assert months["running"][0] == 1 and months["running"][-1] == 6
