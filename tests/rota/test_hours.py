import datetime

import pytest
from django.urls import reverse

from grid.hours import Pattern, centre_hours, next_opening
from grid.models import CentreClosure, OpeningPeriod

from . import factories as rf

D = datetime.date


def _times(day_hours):
    return [(f"{p.opens:%H:%M}", f"{p.closes:%H:%M}", p.kind) for p in day_hours.periods]


def test_make_up_working_day_follows_a_normal_working_day(fuxiang):
    (saturday,) = centre_hours(fuxiang["centre"], D(2026, 10, 10), D(2026, 10, 10))
    assert saturday.pattern == Pattern.MAKE_UP and saturday.name == "国庆节调休"
    (monday,) = centre_hours(fuxiang["centre"], D(2026, 10, 12), D(2026, 10, 12))
    assert _times(saturday) == _times(monday)
    assert ("07:30", "08:30", "staggered_early") in _times(saturday)
    # an ordinary Saturday has only the weekend morning
    (plain,) = centre_hours(fuxiang["centre"], D(2026, 10, 17), D(2026, 10, 17))
    assert plain.pattern == Pattern.WEEKEND and _times(plain) == [("09:00", "12:00", "regular")]


def test_holiday_has_only_holiday_duty_periods(fuxiang):
    (holiday,) = centre_hours(fuxiang["centre"], D(2026, 10, 5), D(2026, 10, 5))  # a Monday of National Day
    assert holiday.pattern == Pattern.HOLIDAY and holiday.name == "国庆节"
    assert _times(holiday) == [("09:00", "12:00", "holiday_duty")]


def test_summer_and_winter_afternoons_switch_on_the_seasons_dates(fuxiang):
    (summer,) = centre_hours(fuxiang["centre"], D(2026, 9, 30), D(2026, 9, 30))
    (winter,) = centre_hours(fuxiang["centre"], D(2026, 10, 8), D(2026, 10, 8))
    assert ("14:30", "17:30", "regular") in _times(summer) and ("14:00", "17:30", "regular") not in _times(summer)
    assert ("14:00", "17:30", "regular") in _times(winter) and ("14:30", "17:30", "regular") not in _times(winter)
    # the undated morning applies in both seasons
    assert ("08:30", "12:00", "regular") in _times(summer) and ("08:30", "12:00", "regular") in _times(winter)


def test_a_seasonal_row_replaces_the_undated_row_it_overlaps(fuxiang):
    centre = fuxiang["centre"]
    OpeningPeriod.objects.create(centre=centre, weekday=0, opens=datetime.time(8, 0), closes=datetime.time(12, 0),
                                 valid_from=D(2026, 7, 1), valid_until=D(2026, 8, 31))
    (july,) = centre_hours(centre, D(2026, 7, 6), D(2026, 7, 6))
    assert ("08:00", "12:00", "regular") in _times(july) and ("08:30", "12:00", "regular") not in _times(july)


def test_closure_shuts_the_centre_and_next_opening_skips_it(fuxiang):
    centre = fuxiang["centre"]
    CentreClosure.objects.create(centre=centre, first_day=D(2026, 10, 12), last_day=D(2026, 10, 13), reason="台风")
    days = centre_hours(centre, D(2026, 10, 12), D(2026, 10, 14))
    assert [d.pattern for d in days] == [Pattern.CLOSED, Pattern.CLOSED, Pattern.WORKING]
    assert days[0].name == "台风" and not days[0].periods
    following = next_opening(centre, rf.at(D(2026, 10, 11), 22))
    assert following.start == rf.at(D(2026, 10, 14), 7, 30)


def test_hours_api_answers_per_date(client, fuxiang):
    url = reverse("api-centre-hours", args=[fuxiang["centre"].pk])
    response = client.get(url, {"from": "2026-10-05", "to": "2026-10-10"})
    assert response.status_code == 200
    days = response.json()["days"]
    assert [d["pattern"] for d in days] == ["holiday", "holiday", "holiday", "working", "working", "make_up"]
    assert days[0]["periods"] == [{"opens": "09:00", "closes": "12:00", "kind": "holiday_duty",
                                   "kind_label": "节假日值班"}]


def test_hours_api_answers_a_long_range_in_parts_and_an_inverted_one_empty(client, fuxiang):
    # Both dates are valid on their own, so the request is (issue #11: no valid request refused):
    # at most 92 days come back, and the client asks again from the day after the last one.
    url = reverse("api-centre-hours", args=[fuxiang["centre"].pk])
    days = client.get(url, {"from": "2026-10-01", "to": "2027-01-15"}).json()["days"]
    assert len(days) == 92 and days[0]["date"] == "2026-10-01" and days[-1]["date"] == "2026-12-31"
    inverted = client.get(url, {"from": "2026-10-10", "to": "2026-10-01"})
    assert inverted.status_code == 200 and inverted.json()["days"] == []


@pytest.mark.parametrize("params, field", [
    ({"from": "yesterday", "to": "2026-10-01"}, "date_from"),
    ({"to": "2026-10-01"}, "date_from"),
    ({"from": "2026-13-01", "to": "2026-10-01"}, "date_from"),
])
def test_hours_api_refuses_bad_ranges_with_400(client, fuxiang, params, field):
    response = client.get(reverse("api-centre-hours", args=[fuxiang["centre"].pk]), params)
    assert response.status_code == 400
    assert field in str(response.json())


def test_hours_api_unknown_centre_is_404(client, db):
    assert client.get(reverse("api-centre-hours", args=[999999]), {"from": "2026-10-01", "to": "2026-10-02"})\
        .status_code == 404
