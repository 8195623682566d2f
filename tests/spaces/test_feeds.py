import pytest
from django.urls import reverse
from icalendar import Calendar

from spaces.models import Activity, Function
from spaces.services import (
    activity_publish,
    booking_cancel,
    booking_create,
    booking_move,
    feed_token_for,
    signup_create,
)
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


def events(body: bytes) -> dict:
    cal = Calendar.from_ical(body)
    assert str(cal["VERSION"]) == "2.0" and "Taijiang" in str(cal["PRODID"])
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_user_feed_shows_bookings_and_signups_with_changes(now, client, room, resident, admin):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                             purpose=Function.GENERAL, title="读书会")
    activity = activity_publish(actor=admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "15:00"),
                                kind=Activity.Kind.HEALTH, title="健康义诊", capacity=5)
    signup = signup_create(activity=activity, actor=resident)
    url = reverse("spaces:feed_user", args=[feed_token_for(resident).token])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    uid = f"booking-{booking.pk}@spaces.taijiang-portal"
    assert set(found) == {uid, f"signup-{signup.pk}@spaces.taijiang-portal"}
    assert found[uid]["STATUS"] == "CONFIRMED" and found[uid]["SEQUENCE"] == 0
    assert found[uid].decoded("DTSTART") == at(TUESDAY, "09:00") and "DTSTAMP" in found[uid]

    booking_move(booking=booking, actor=resident, start=at(TUESDAY, "10:00"), end=at(TUESDAY, "11:00"))
    booking.refresh_from_db()
    booking_cancel(booking=booking, actor=resident)
    found = events(client.get(url).content)
    assert found[uid]["STATUS"] == "CANCELLED" and found[uid]["SEQUENCE"] == 2  # same UID, raised sequence


def test_regenerated_token_kills_the_old_url(now, client, resident):
    old = feed_token_for(resident).token
    client.force_login(resident)
    client.post(reverse("spaces:feed_regenerate"))
    assert client.get(reverse("spaces:feed_user", args=[old])).status_code == 404
    assert client.get(reverse("spaces:feed_user", args=[feed_token_for(resident).token])).status_code == 200


def test_room_feed_is_public_and_hides_who_booked(now, client, room, resident):
    booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose=Function.GENERAL, title="林阿姨生日会")
    body = client.get(reverse("spaces:feed_room", args=[room.pk])).content
    (event,) = events(body).values()
    assert "林阿姨" not in body.decode() and str(event["SUMMARY"]) == "通用（已预约）"
