"""The dashboard's district-scale paths give the same answers as the definitions they replace:
duration percentiles by PostgreSQL's percentile_cont against the Python interpolation, and the rota's
staggered-period coverage for every centre in six queries against `month_figures` centre by centre."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appeals.models import Appeal
from rota.models import ShiftKind
from rota.selectors import month_figures
from services.models import QueueTicket, TicketStatus
from taijiang.dashboard.rota_figures import rota_coverage
from taijiang.dashboard.stats import duration_percentiles
from tests import factories
from tests.rota import factories as rf

from .conftest import appeal, at, ticket

pytestmark = pytest.mark.django_db
OCTOBER = datetime.date(2026, 10, 1)
DAY = datetime.date(2026, 10, 12)  # a Monday


def rota_world(community):
    centre = rf.centre_for(community)
    rf.hours(centre)
    w = rf.workers(community)
    rf.published_rota(community, DAY, [
        (w[1], rf.at(DAY, 7, 30), rf.at(DAY, 8, 30), ShiftKind.STAGGERED_EARLY),
        (w[2], rf.at(DAY, 17, 30), rf.at(DAY, 19, 30), ShiftKind.STAGGERED_LATE),
        (w[3], rf.at(datetime.date(2026, 10, 5), 9), rf.at(datetime.date(2026, 10, 5), 12), ShiftKind.HOLIDAY_DUTY),
    ])
    return centre


def test_rota_coverage_gives_the_known_answer_and_equals_month_figures(territory, now):
    rf.calendar()
    centre = rota_world(territory["a1"])
    other = rf.centre_for(territory["a2"])  # open, but no rota published: no figure
    rf.hours(other)
    rows = {r["centre"].pk: r for r in rota_coverage(communities=[territory["a1"], territory["a2"]], month=OCTOBER)}
    mine = rows[centre.pk]
    # 18 working days (the make-up Saturday included) × 2 staggered periods, 2 covered; one holiday on duty.
    assert (mine["staggered_periods"], mine["staggered_covered"], mine["holiday_duty_days"]) == (36, 2, 1)
    assert mine["staggered_coverage"] == round(100 * 2 / 36, 1)
    assert rows[other.pk]["staggered_coverage"] is None
    for c in (centre, other):
        expected = month_figures(c, OCTOBER)
        assert {k: rows[c.pk][k] for k in expected} == expected


def _communities(n):
    street = factories.StreetFactory()
    communities = []
    for _ in range(n):
        community = factories.CommunityFactory(street=street)
        rota_world(community)
        communities.append(community)
    return communities


def test_rota_coverage_costs_the_same_queries_for_one_or_five_communities(now):
    rf.calendar()
    one, five = _communities(1), _communities(5)
    counts = []
    for communities in (one, five):
        with CaptureQueriesContext(connection) as ctx:
            rows = rota_coverage(communities=communities, month=OCTOBER)
        assert len(rows) == len(communities) and all(r["staggered_covered"] == 2 for r in rows)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 6


def test_the_street_page_shows_each_communitys_rota_figures(client, territory, people, now):
    rf.calendar()
    rota_world(territory["a1"])
    rf.hours(rf.centre_for(territory["a2"]))
    client.force_login(people["street_a"])
    response = client.get("/me/dashboard/?from=2026-10-01&to=2026-10-31")
    rota = response.context["figures"]["reform"]["rota"]
    assert [(r["community"], r["staggered_coverage"], r["holiday_duty_days"]) for r in rota] == [
        (territory["a1"], round(100 * 2 / 36, 1), 1), (territory["a2"], None, 0)]
    assert "错时时段有人值守" in response.content.decode()


def durations_world(territory):
    t = territory
    centre_a1 = factories.ServiceCentreFactory(community=t["a1"])
    centre_b1 = factories.ServiceCentreFactory(community=t["b1"])
    for hm, reply, done in (("09:00", "09:30", "12:00"), ("09:00", "10:00", "17:00"), ("10:00", None, None),
                            ("08:00", "08:07", "09:13")):
        appeal(t["a1"], "replied" if done else "submitted", created=hm,
               first_reply_at=reply and at(reply), resolved_at=done and at(done))
    appeal(t["b1"], "closed", created="08:00", first_reply_at=at("08:01"), resolved_at=at("11:00"))
    for centre, issued, called, completed, status in (
            (centre_a1, "09:00", "09:10", "09:20", TicketStatus.COMPLETED),
            (centre_a1, "09:05", "09:25", None, TicketStatus.NO_SHOW),
            (centre_a1, "09:30", None, None, TicketStatus.WAITING),
            (centre_a1, "09:31", "09:44", "10:03", TicketStatus.COMPLETED),
            (centre_b1, "10:00", "10:04", "10:10", TicketStatus.COMPLETED)):
        ticket(centre, issued, called=called, completed=completed, status=status)


SPANS_APPEALS = {"first_reply": ("created_at", "first_reply_at", (50, 90), None),
                 "resolve": ("created_at", "resolved_at", (50, 90), None)}


def test_python_percentiles_give_the_known_answers(territory, now):
    durations_world(territory)
    times = duration_percentiles(Appeal.objects.filter(community=territory["a1"]), SPANS_APPEALS, scale=60,
                                 method="python")
    # first replies after 30, 60 and 7 minutes; resolutions after 3 h, 8 h and 73 minutes
    assert times["first_reply"] == {50: 0.5, 90: 0.9}
    assert times["resolve"] == {50: 3.0, 90: 7.0}
    by_community = duration_percentiles(QueueTicket.objects.all(), {"wait": ("issued_at", "called_at", (50,), None)},
                                        by="centre__community", method="python")
    assert by_community == {territory["a1"].pk: {"wait": {50: 13.0}}, territory["b1"].pk: {"wait": {50: 4.0}}}


@pytest.mark.postgres
def test_percentile_cont_equals_the_python_percentiles(territory, now):
    durations_world(territory)
    from django.db.models import Q

    cases = [
        (Appeal.objects.all(), SPANS_APPEALS, {"scale": 60}),
        (Appeal.objects.all(), SPANS_APPEALS, {"scale": 60, "by": "community"}),
        (Appeal.objects.filter(community=territory["a2"]), SPANS_APPEALS, {"scale": 60}),  # nothing: None
        (QueueTicket.objects.all(), {"wait": ("issued_at", "called_at", (50, 90), None),
                                     "service": ("called_at", "completed_at", (50, 90),
                                                 Q(status=TicketStatus.COMPLETED))}, {}),
        (QueueTicket.objects.all(), {"wait": ("issued_at", "called_at", (50,), None)},
         {"by": "centre__community__street"}),
    ]
    for qs, spans, options in cases:
        assert duration_percentiles(qs, spans, method="sql", **options) == duration_percentiles(
            qs, spans, method="python", **options)
