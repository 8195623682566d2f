"""Room utilisation: the PostgreSQL path (booked minutes summed by the database) gives exactly the
Python path's answer, which is the definition (`occurrences_on` × bookings), on a hand-made world
with every calendar rule: contiguous slices merged, a holiday, a partial closure, a one-day
override, a slice valid from mid-range, a booking over midnight, overlapping slices, a merge that
happens on some days only, and minutes that are not whole hours."""

import datetime

import pytest

from spaces.figures import utilisation
from spaces.models import Booking, BookingStatus, Function, SliceException
from taijiang.workdays.models import CalendarDay
from tests import factories
from tests.spaces.factories import RoomFactory, SliceFactory, local

FIRST, LAST = datetime.date(2026, 11, 30), datetime.date(2026, 12, 15)  # Monday .. Tuesday two weeks on
HOLIDAY = datetime.date(2026, 12, 1)  # a Tuesday


def t(hm: str) -> datetime.time:
    return datetime.time(*map(int, hm.split(":")))


def book(room, user, day, start, end, *, end_day=None, status=BookingStatus.CONFIRMED):
    finish = local(end_day or day, end)
    return Booking.objects.create(room=room, booker=user, purpose=Function.GENERAL, title="读书会",
                                  start=local(day, start), end=finish, blocked_until=finish, status=status)


@pytest.fixture
def world(territory):
    user = factories.resident(community=territory["a1"])
    centre = factories.ServiceCentreFactory(community=territory["a1"])
    CalendarDay.objects.create(date=HOLIDAY, kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    a = RoomFactory(centre=centre, name="甲室")
    first = SliceFactory(room=a, weekday=1, starts=t("08:00"), ends=t("12:00"))
    SliceFactory(room=a, weekday=1, starts=t("12:00"), ends=t("14:00"))  # merged into `first` by the calendar
    SliceFactory(room=a, weekday=1, starts=t("14:00"), ends=t("17:00"), function=Function.AFTER_SCHOOL)
    SliceFactory(room=a, weekday=2, starts=t("09:30"), ends=t("11:15"), function=Function.NIGHT_SCHOOL,
                 valid_from=datetime.date(2026, 12, 9))
    SliceException.objects.create(room=a, date=datetime.date(2026, 12, 8), kind=SliceException.Kind.CLOSE,
                                  starts=t("10:00"), ends=t("11:00"))
    SliceException.objects.create(room=a, date=datetime.date(2026, 12, 3), kind=SliceException.Kind.OVERRIDE,
                                  starts=t("18:00"), ends=t("20:00"), function=Function.MEETING)
    book(a, user, HOLIDAY, "09:00", "10:00")                            # closed for the holiday: counts nothing
    book(a, user, datetime.date(2026, 12, 8), "09:07", "12:33")          # across the closure and the merge
    book(a, user, datetime.date(2026, 12, 8), "13:30", "15:10")
    book(a, user, datetime.date(2026, 12, 8), "16:00", "17:00", status=BookingStatus.CANCELLED)
    book(a, user, datetime.date(2026, 12, 9), "09:00", "10:00")
    book(a, user, datetime.date(2026, 12, 3), "19:00", "21:00")          # the override
    book(a, user, datetime.date(2026, 12, 15), "11:30", "12:30")         # an ordinary Tuesday, across the merge
    b = RoomFactory(centre=centre, name="乙室", follows_centre_hours=False)
    SliceFactory(room=b, weekday=0, starts=t("19:00"), ends=t("21:00"), function=Function.NIGHT_SCHOOL)
    SliceFactory(room=b, weekday=5, starts=t("09:00"), ends=t("12:00"))
    SliceFactory(room=b, weekday=5, starts=t("10:00"), ends=t("11:00"), function=Function.PARENT_CHILD)  # overlaps
    book(b, user, datetime.date(2026, 12, 7), "20:00", "02:00", end_day=datetime.date(2026, 12, 8))
    book(b, user, datetime.date(2026, 12, 5), "09:30", "10:30")
    c = RoomFactory(centre=centre, name="丙室")
    SliceFactory(room=c, weekday=4, starts=t("08:00"), ends=t("10:00"))
    SliceFactory(room=c, weekday=4, starts=t("10:00"), ends=t("12:00"), valid_until=datetime.date(2026, 12, 5))
    book(c, user, datetime.date(2026, 12, 4), "09:00", "11:00")
    book(c, user, datetime.date(2026, 12, 11), "09:00", "11:00")
    d = RoomFactory(centre=centre, name="丁室")  # plain weekly pattern, no exceptions: all SQL on PostgreSQL
    SliceFactory(room=d, weekday=0, starts=t("08:30"), ends=t("11:45"))
    SliceFactory(room=d, weekday=3, starts=t("14:00"), ends=t("16:00"), function=Function.MEETING)
    book(d, user, datetime.date(2026, 11, 30), "08:00", "09:10")
    book(d, user, datetime.date(2026, 12, 7), "10:20", "12:00")
    book(d, user, datetime.date(2026, 12, 10), "15:59", "17:00")
    return {"rooms": [a, b, c, d], "a": a, "first": first, "d": d}


def comparable(figures: dict) -> dict:
    return {
        "rooms": [(r["room"].pk, r["available_minutes"], r["booked_minutes"], r["rate"]) for r in figures["rooms"]],
        "slices": [(r["slice"].pk, r["available_minutes"], r["booked_minutes"], r["rate"]) for r in figures["slices"]],
        "hours": figures["hours"], "room_hours": figures["room_hours"],
        "function_hours": figures["function_hours"], "total": figures["total"],
    }


@pytest.mark.django_db
def test_the_python_path_gives_the_known_answers(world):
    figures = utilisation(rooms=world["rooms"], date_from=FIRST, date_to=LAST, method="python")
    rows = {r["room"].name: (r["available_minutes"], r["booked_minutes"]) for r in figures["rooms"]}
    # 甲室: Tuesday 12-08 (540 less the closed hour) + Tuesday 12-15 (540) + Wednesday 12-09 (105, valid
    # from that day) + the override (120); the holiday Tuesday is closed. Booked: 53 + 93 + 30 + 70 + 30 +
    # 60 (override) + 60 (12-15).
    assert rows["甲室"] == (480 + 540 + 105 + 120, 53 + 93 + 30 + 70 + 30 + 60 + 60)
    # 丁室: three Mondays of 195 minutes and two Thursdays of 120; booked 40 + 85 + 1.
    assert rows["丁室"] == (3 * 195 + 2 * 120, 40 + 85 + 1)
    slices = {r["slice"].pk: (r["available_minutes"], r["booked_minutes"]) for r in figures["slices"]}
    # The merged occurrence 11:00–14:00 of 12-08 and 08:00–14:00 of 12-15 are credited to the first slice.
    assert slices[world["first"].pk] == (120 + 180 + 360, 53 + 93 + 30 + 60)
    d_hours = figures["room_hours"][world["d"].pk]
    assert (d_hours[0][8]["available"], d_hours[0][8]["booked"]) == (3 * 30, 30)
    assert (d_hours[3][15]["available"], d_hours[3][15]["booked"]) == (2 * 60, 1)
    assert figures["function_hours"]["meeting"][3][14]["available"] == 120


@pytest.mark.django_db
def test_the_default_path_on_sqlite_is_the_python_path(world):
    assert comparable(utilisation(rooms=world["rooms"], date_from=FIRST, date_to=LAST)) == comparable(
        utilisation(rooms=world["rooms"], date_from=FIRST, date_to=LAST, method="python"))


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("first,last", [(FIRST, LAST), (datetime.date(2026, 12, 2), datetime.date(2026, 12, 8)),
                                        (datetime.date(2026, 12, 10), datetime.date(2026, 12, 10))])
def test_the_sql_path_equals_the_python_path(world, first, last):
    sql = utilisation(rooms=world["rooms"], date_from=first, date_to=last, method="sql")
    python = utilisation(rooms=world["rooms"], date_from=first, date_to=last, method="python")
    assert comparable(sql) == comparable(python)
    assert sql["total"]["booked_minutes"] > 0


@pytest.mark.django_db
def test_rooms_by_function_per_month_from_the_slices_validity(world):
    from spaces.figures import function_months

    months = function_months(rooms=world["rooms"], date_from=FIRST, date_to=LAST)
    assert [(m["month"], m["first"], m["last"]) for m in months] == [
        (datetime.date(2026, 11, 1), FIRST, FIRST), (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1), LAST)]
    # Monday 11-30 only: 丁室 general 08:30–11:45, 乙室 night school 19:00–21:00.
    assert months[0]["functions"] == {"general": {"rooms": 1, "minutes": 195},
                                      "night_school": {"rooms": 1, "minutes": 120}}
    december = months[1]["functions"]
    # The night school slice of 甲室 is valid from 12-09 (one Wednesday), 乙室's on two Mondays.
    assert december["night_school"] == {"rooms": 2, "minutes": 105 + 2 * 120}
    assert december["meeting"] == {"rooms": 2, "minutes": 120 + 2 * 120}  # 甲室's override + 丁室's Thursdays
    # The same offered minutes per function as the utilisation's per-function heatmaps.
    use = utilisation(rooms=world["rooms"], date_from=FIRST, date_to=LAST, method="python")
    for function, grid in use["function_hours"].items():
        assert sum(m["functions"].get(function, {}).get("minutes", 0) for m in months) == sum(
            cell["available"] for row in grid for cell in row), function
