"""Official holidays (taijiang.workdays) close rooms that keep the centre's hours."""

import datetime

import pytest
from django.urls import reverse

from spaces.calendar import occurrences_on
from spaces.figures import utilisation
from spaces.models import Function, SliceException
from spaces.selectors import availability, week_view
from spaces.services import booking_create
from taijiang.core.exceptions import DomainError
from taijiang.workdays.models import CalendarDay
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def holiday():
    return CalendarDay.objects.create(date=TUESDAY, kind=CalendarDay.Kind.HOLIDAY, name="元旦")


def book(room, actor, start="09:00", end="10:00"):
    return booking_create(room=room, actor=actor, start=at(TUESDAY, start), end=at(TUESDAY, end),
                          purpose=Function.GENERAL, title="读书会")


def test_booking_on_a_holiday_is_refused_with_the_holiday_named(now, room, resident, holiday):
    with pytest.raises(DomainError) as exc:
        book(room, resident)
    assert "法定节假日（元旦）" in str(exc.value.message) and exc.value.extra["reason"] == "holiday"
    assert availability(room, TUESDAY) == []


def test_an_override_exception_opens_the_room_on_a_holiday(now, room, resident, holiday):
    SliceException.objects.create(room=room, date=TUESDAY, kind=SliceException.Kind.OVERRIDE,
                                  starts=datetime.time(9, 0), ends=datetime.time(12, 0))
    assert book(room, resident).pk
    assert [o.start for o in occurrences_on(room, TUESDAY)] == [at(TUESDAY, "09:00")]


def test_a_room_with_its_own_hours_stays_open_on_a_holiday(now, room, resident, holiday):
    room.follows_centre_hours = False
    room.save()
    assert book(room, resident).pk


def test_make_up_working_days_change_nothing(now, room, resident):
    CalendarDay.objects.create(date=TUESDAY, kind=CalendarDay.Kind.WORKDAY, name="调休")
    assert book(room, resident).pk


def test_week_view_and_figures_offer_nothing_on_the_holiday(now, room, holiday, client, resident):
    days = [TUESDAY - datetime.timedelta(days=1) + datetime.timedelta(days=i) for i in range(7)]
    week = {row["day"]: row["rows"] for row in week_view(room, days)}
    assert week[TUESDAY] == []
    figures = utilisation(rooms=[room], date_from=TUESDAY, date_to=TUESDAY)
    assert figures["total"]["available_minutes"] == 0
    client.force_login(resident)
    day = client.get(reverse("spaces:room_day", args=[room.pk]), {"date": TUESDAY.isoformat()}).content.decode()
    assert "法定节假日（元旦），不开放。" in day
    week = client.get(reverse("spaces:room_week", args=[room.pk]), {"date": TUESDAY.isoformat()}).content.decode()
    assert week.count("法定节假日（元旦），不开放。") == 1
