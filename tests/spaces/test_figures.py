import datetime
from decimal import Decimal

import pytest

from spaces.models import Booking, BookingStatus, Function, Room
from spaces.selectors import no_show_rate, office_share, underused_slices, utilisation
from spaces.services import booking_cancel, booking_check_in, booking_create, release_no_shows
from tests import factories
from tests.spaces.conftest import MONDAY, TUESDAY, at
from tests.spaces.factories import RoomFactory

pytestmark = pytest.mark.django_db
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


@pytest.fixture
def week_of_use(now, room, resident, admin):
    booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose=Function.GENERAL, title="读书会")
    booking_create(room=room, actor=admin, start=at(WEDNESDAY, "17:00"), end=at(WEDNESDAY, "18:00"),
                   purpose=Function.AFTER_SCHOOL, title="六点半课堂")
    cancelled = booking_create(room=room, actor=admin, start=at(TUESDAY, "13:00"), end=at(TUESDAY, "15:00"),
                               purpose=Function.GENERAL, title="取消的")
    booking_cancel(booking=cancelled, actor=admin)
    return room


def test_utilisation_per_room_slice_and_hour_of_week(week_of_use):
    room = week_of_use
    figures = utilisation(rooms=[room], date_from=MONDAY, date_to=MONDAY + datetime.timedelta(days=6))
    (row,) = figures["rooms"]
    assert (row["available_minutes"], row["booked_minutes"]) == (780 + 120, 120)
    assert row["rate"] == round(120 / 900, 4)
    by_function = {r["slice"].function: (r["available_minutes"], r["booked_minutes"], r["rate"])
                   for r in figures["slices"]}
    assert by_function == {"general": (780, 60, round(60 / 780, 4)), "after_school": (120, 60, 0.5)}
    tuesday, wednesday = figures["hours"][1], figures["hours"][2]
    assert (tuesday[9]["available"], tuesday[9]["booked"], tuesday[9]["rate"]) == (60, 60, 1.0)
    assert tuesday[13]["rate"] == 0.0  # the cancelled booking does not count
    assert (wednesday[16]["available"], wednesday[16]["booked"]) == (30, 0)
    assert wednesday[17]["rate"] == 1.0 and wednesday[18]["available"] == 30
    assert figures["hours"][0][9]["rate"] is None  # Monday: not offered
    assert figures["total"]["rate"] == round(120 / 900, 4)


def test_underused_slices_suggest_the_function_in_demand(week_of_use):
    rows = underused_slices(weeks=1, threshold=0.2, rooms=[week_of_use], today=MONDAY + datetime.timedelta(days=7))
    assert [(r["slice"].function, r["rate"], r["suggested_function"]) for r in rows] == [
        ("general", round(60 / 780, 4), "after_school")]


def test_office_share_against_the_twenty_percent_line_and_area_per_worker(territory, centre):
    RoomFactory(centre=centre, name="书记办公室", kind=Room.Kind.OFFICE, area_m2=Decimal("12"))
    RoomFactory(centre=centre, name="综合办公室", kind=Room.Kind.OFFICE, area_m2=Decimal("18"))
    RoomFactory(centre=centre, name="大厅", kind=Room.Kind.SERVICE, area_m2=Decimal("150"))
    factories.community_admin(territory["a1"])
    factories.window_staff(territory["a1"])
    factories.window_staff(territory["a1"])
    factories.window_staff(territory["a2"])  # another community: not counted
    factories.resident(community=territory["a1"])  # not staff
    figures = office_share(centre)
    assert figures["office_area_m2"] == Decimal("30") and figures["share"] == Decimal("0.0750")
    assert figures["within_limit"] is True
    assert figures["workers"] == 3 and figures["office_m2_per_worker"] == Decimal("10.00")
    assert figures["per_worker_band"] == "above"


def test_office_share_over_the_line_is_flagged(territory, centre):
    RoomFactory(centre=centre, name="办公区", kind=Room.Kind.OFFICE, area_m2=Decimal("100"))
    for _ in range(25):
        factories.window_staff(territory["a1"])
    figures = office_share(centre)
    assert figures["share"] == Decimal("0.2500") and figures["within_limit"] is False
    assert figures["office_m2_per_worker"] == Decimal("4.00") and figures["per_worker_band"] == "within"


def test_street_centre_counts_street_staff(territory):
    street_centre = factories.ServiceCentreFactory(community=None, street=territory["street_a"],
                                                   name="甲街道党群服务中心", total_area_m2=800)
    RoomFactory(centre=street_centre, name="办公", kind=Room.Kind.OFFICE, area_m2=Decimal("10"))
    factories.street_admin(territory["street_a"])
    factories.street_admin(territory["street_a"])
    factories.community_admin(territory["a1"])
    figures = office_share(street_centre)
    assert figures["workers"] == 2 and figures["per_worker_band"] == "within"


def test_no_show_rate(now, room, resident, admin, time_machine):
    first = booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                           purpose=Function.GENERAL, title="a")
    booking_create(room=room, actor=admin, start=at(TUESDAY, "11:00"), end=at(TUESDAY, "12:00"),
                   purpose=Function.GENERAL, title="b")
    time_machine.move_to(at(TUESDAY, "09:05"), tick=False)
    booking_check_in(booking=first, actor=resident)
    time_machine.move_to(at(TUESDAY, "12:30"), tick=False)
    release_no_shows()
    assert Booking.objects.filter(status=BookingStatus.NO_SHOW).count() == 1
    assert no_show_rate(rooms=[room], date_from=TUESDAY, date_to=TUESDAY) == {"due": 2, "no_shows": 1, "rate": 0.5}
