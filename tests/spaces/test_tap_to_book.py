"""Issue #15.11: a room is booked by tapping a free slot, and 签到 shows only while check-in is open."""

import datetime

import pytest
from django.urls import reverse

from spaces.models import Room
from spaces.selectors import bookable_slots
from spaces.services import booking_create

from .conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


def test_free_time_is_cut_into_hour_slots_after_the_notice_period(now, room):
    slots = bookable_slots(room, TUESDAY)
    assert [(f"{s['start']:%H:%M}", f"{s['end']:%H:%M}") for s in slots][:3] == [
        ("08:00", "09:00"), ("09:00", "10:00"), ("10:00", "11:00")]
    assert f"{slots[-1]['end']:%H:%M}" == "21:00" and len(slots) == 13
    # on the day itself, nothing that starts within the room's notice (1 hour) is offered
    same_day = bookable_slots(room, TUESDAY, now=at(TUESDAY, "10:30"))
    assert f"{same_day[0]['start']:%H:%M}" == "12:00"


def test_a_booking_takes_its_time_out_of_the_slots(now, room, resident):
    booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose="general", title="读书会")
    starts = [f"{s['start']:%H:%M}" for s in bookable_slots(room, TUESDAY)]
    assert "09:00" not in starts and "08:00" in starts


def test_the_booking_page_offers_the_slots_as_buttons_that_fill_the_form(client, now, room, resident):
    client.force_login(resident)
    page = client.get(reverse("spaces:book", args=[room.pk]), {"date": TUESDAY.isoformat()}).content.decode()
    assert 'data-fill-form="#booking-form"' in page
    assert '"start_time": "08:00", "end_time": "09:00", "purpose": "general"' in page.replace("&quot;", '"')


def test_check_in_is_offered_only_while_it_is_open(client, now, room, resident, time_machine):
    Room.objects.filter(pk=room.pk).update(check_in_required=True)
    booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose="general", title="读书会")
    client.force_login(resident)
    page = client.get(reverse("spaces:my_bookings")).content.decode()
    assert "开始前 15 分钟可签到" in page and '>签到</button>' not in page
    time_machine.move_to(at(TUESDAY, "08:50"), tick=False)
    assert '>签到</button>' in client.get(reverse("spaces:my_bookings")).content.decode()
    time_machine.move_to(at(TUESDAY, "10:00"), tick=False)
    assert '>签到</button>' not in client.get(reverse("spaces:my_bookings")).content.decode()


def test_no_slot_is_offered_outside_the_centres_hours(now, room):
    from grid.models import OpeningPeriod

    OpeningPeriod.objects.filter(centre=room.centre).update(opens=datetime.time(14, 0))
    starts = [f"{s['start']:%H:%M}" for s in bookable_slots(room, TUESDAY)]
    assert starts and min(starts) == "14:00"
