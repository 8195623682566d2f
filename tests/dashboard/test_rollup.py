import datetime
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from taijiang.celery import app as celery_app
from taijiang.dashboard.models import DailyFigure, Metric
from taijiang.dashboard.services import rollup_day
from taijiang.dashboard.tasks import nightly_rollup

from .conftest import DAY, appeal

pytestmark = pytest.mark.django_db


def _rows():
    return sorted(DailyFigure.objects.values_list("community__code", "date", "metric", "value"))


def test_rollup_counts_each_metric_per_community(world):
    rollup_day(day=DAY)
    a1 = {m: v for code, _d, m, v in _rows() if code == "a1"}
    assert a1 == {
        Metric.APPEALS_SUBMITTED: Decimal(4), Metric.APPEALS_CLOSED: Decimal(2),
        Metric.APPEALS_CLOSED_ON_TIME: Decimal(1), Metric.TICKETS_ISSUED: Decimal(3),
        Metric.TICKETS_SERVED: Decimal(1), Metric.AVG_WAIT_MINUTES: Decimal("15.00"),
        Metric.VISITS_LOGGED: Decimal(2), Metric.BOOKINGS_HELD: Decimal(1),
    }
    a2 = {m: v for code, _d, m, v in _rows() if code == "a2"}
    assert a2[Metric.APPEALS_SUBMITTED] == 1 and a2[Metric.VISITS_LOGGED] == 1
    assert a2[Metric.AVG_WAIT_MINUTES] == Decimal("4.00")


def test_rollup_twice_leaves_the_same_rows(world):
    first = rollup_day(day=DAY)
    before = _rows()
    assert rollup_day(day=DAY) == first
    assert _rows() == before
    assert DailyFigure.objects.count() == first


def test_rollup_again_picks_up_late_changes_without_duplicates(world, territory):
    rollup_day(day=DAY)
    appeal(territory["a1"])
    rollup_day(day=DAY)
    row = DailyFigure.objects.get(community=territory["a1"], date=DAY, metric=Metric.APPEALS_SUBMITTED)
    assert row.value == 5


def test_rollup_of_a_quiet_day_writes_nothing(world):
    assert rollup_day(day=DAY - datetime.timedelta(days=1)) == 0


def test_nightly_task_rolls_up_yesterday_and_is_safe_twice(world):
    nightly_rollup()
    rows = _rows()
    assert rows and {d for _c, d, _m, _v in rows} == {DAY}
    nightly_rollup.apply()
    assert _rows() == rows


def test_nightly_task_is_on_beat_at_two():
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-nightly-rollup"]
    assert entry["task"] == "taijiang.dashboard.tasks.nightly_rollup"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == crontab(hour=2, minute=0)


def test_backfill_command(world, capsys):
    call_command("rollup_figures", days=3)
    assert "rolled up 3 day(s)" in capsys.readouterr().out
    assert {d for _c, d, _m, _v in _rows()} == {DAY}


def test_backfill_command_refuses_silly_ranges(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("rollup_figures", days=0)


def test_rollups_equal_the_live_figures_of_the_same_day(world, territory):
    """The trend reads the rollups, the panels the live queries: for a day they must agree."""
    from taijiang.dashboard import selectors
    from taijiang.dashboard.filters import Period, Territory
    from taijiang.dashboard.models import DailyFigure
    from taijiang.users.scope import Level

    rollup_day(day=DAY)
    day = Period(DAY, DAY)
    for code in ("a1", "a2", "b1"):
        community = territory[code]
        place = Territory(Level.COMMUNITY, street=community.street, community=community, communities=[community])
        rolled = {row.metric: int(row.value) for row in DailyFigure.objects.filter(community=community, date=DAY)}
        centres = selectors.centres_in_scope([community.pk], None)
        live = {
            "appeals_submitted": selectors.appeals_section(place, day)["total"],
            "tickets_issued": selectors.services_section(place, day)["queue"]["tickets"],
            "tickets_served": selectors.services_section(place, day)["queue"]["served"],
            "visits_logged": selectors.coverage_section(place, day, DAY)["visits"],
            "bookings_held": selectors.spaces_section(centres, day, DAY)["bookings_held"],
        }
        assert {k: rolled.get(k, 0) for k in live} == live, code


def test_previous_period_and_months_read_the_rollups_and_equal_the_live_counts(world, territory, people, now):
    """The comparison with the previous period and the 12 months read the rollups for the days rolled
    up and count the rest (today) live: the same numbers as counting everything live."""
    from django.db.models import F

    from appeals.models import Appeal
    from grid.models import Visit
    from taijiang.dashboard import selectors
    from taijiang.dashboard.filters import Period, Territory
    from taijiang.dashboard.models import RollupDay
    from taijiang.dashboard.services import rollup_days
    from taijiang.users.scope import Level
    from tests.grid.factories import HouseholdFactory

    today = now.date()
    Visit.objects.create(household=HouseholdFactory(building=territory["b_g1"]), worker=people["grid_worker"],
                         visited_at=now - datetime.timedelta(hours=1), actions_taken="代办高龄补贴")
    Appeal.objects.filter(pk=appeal(territory["a1"]).pk).update(created_at=now - datetime.timedelta(hours=2))
    a1 = territory["a1"]
    places = [Territory(Level.COMMUNITY, street=a1.street, community=a1, communities=[a1]),
              Territory(Level.DISTRICT, communities=[territory[c] for c in ("a1", "a2", "b1")])]
    period = Period(DAY - datetime.timedelta(days=6), today)

    def figures(place):
        return selectors.headline(territory=place, period=period, today=today), selectors.reform_months(place, today)

    live = [figures(place) for place in places]
    assert live[0][0]["appeals"] == 5 and live[0][0]["visits"] == 3
    assert rollup_days(days=10, today=today) > 0 and RollupDay.objects.count() == 10
    assert [figures(place) for place in places] == live
    # They do read the rollups: a changed rollup row shows (and a fresh rollup puts it right again).
    DailyFigure.objects.filter(community=a1, date=DAY, metric=Metric.VISITS_LOGGED).update(value=F("value") + 100)
    assert figures(places[0])[0]["visits"] == live[0][0]["visits"] + 100
    rollup_day(day=DAY)
    assert figures(places[0]) == live[0]
