"""Hostile values on the rooms pages answer 4xx or a form error, never a 500 (issue 10, point 9)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["①", "²", "٣", "99999999999999999999"])
def test_rooms_with_a_unicode_digit_centre_filter_fall_back_to_my_community(client, resident, room, value):
    client.force_login(resident)
    response = client.get("/spaces/", {"centre": value})
    assert response.status_code == 200 and list(response.context["rooms"]) == [room]


def test_feed_token_with_a_nul_byte_answers_400(client):
    assert client.get("/spaces/feeds/me/a%00b.ics").status_code == 400


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_booking_a_room_on_an_absurd_date_is_a_form_error(client, resident, room, date):
    client.force_login(resident)
    response = client.post(f"/spaces/rooms/{room.pk}/book/", {
        "date": date, "start_time": "10:00", "end_time": "11:00", "purpose": "general", "title": "读书会",
        "attendees": 3, "weeks": 1})
    assert response.status_code == 200
    assert "请填写 2000 年至 2100 年之间的日期。" in response.context["form"].errors["date"]


def test_room_day_with_a_far_date_shows_today(client, resident, room):
    client.force_login(resident)
    assert client.get(f"/spaces/rooms/{room.pk}/day/?date=9999-12-31").status_code == 200
