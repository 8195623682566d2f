import datetime

import pytest

from spaces.models import Activity, Booking, Function, Room
from spaces.services import activity_publish, booking_create
from tests import factories
from tests.spaces.conftest import MONDAY, TUESDAY, at
from tests.spaces.factories import RoomFactory

pytestmark = pytest.mark.django_db


def payload(room, start="09:00", end="10:00", day=TUESDAY, **extra):
    return {"room": room.pk, "start": at(day, start).isoformat(), "end": at(day, end).isoformat(),
            "purpose": "general", "title": "读书会", **extra}


@pytest.fixture
def as_resident(api_client, resident):
    api_client.force_authenticate(resident)
    return api_client


def test_post_booking_answers_201(now, as_resident, room):
    response = as_resident.post("/api/v1/bookings/", payload(room), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "confirmed" and response.json()["room_name"] == "多功能室"


def test_taken_time_answers_409_with_the_reason(now, as_resident, room, admin):
    booking_create(room=room, actor=admin, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose=Function.GENERAL, title="党员会")
    response = as_resident.post("/api/v1/bookings/", payload(room, "09:30", "10:30"), format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "该时间已被占用：09:00–10:00 已有预约。", "code": "conflict", "reason": "taken"}


def test_no_fitting_slice_answers_409(now, as_resident, room):
    wednesday = MONDAY + datetime.timedelta(days=2)
    response = as_resident.post("/api/v1/bookings/", payload(room, "17:00", "18:00", day=wednesday), format="json")
    assert response.status_code == 409 and response.json()["reason"] == "slice_mismatch"
    thursday = MONDAY + datetime.timedelta(days=3)
    response = as_resident.post("/api/v1/bookings/", payload(room, day=thursday), format="json")
    assert response.status_code == 409 and response.json()["reason"] == "no_slice"


def test_resident_booking_staff_only_room_gets_403(now, as_resident, room):
    Room.objects.filter(pk=room.pk).update(bookers=Room.Bookers.STAFF)
    response = as_resident.post("/api/v1/bookings/", payload(room), format="json")
    assert response.status_code == 403 and response.json()["detail"] == "该房间仅限工作人员预约。"


def test_bad_input_answers_400_with_field_errors(now, as_resident, room):
    response = as_resident.post("/api/v1/bookings/", payload(room, "10:00", "09:00"), format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "结束时间早于开始时间。" and "end" in response.json()["errors"]
    response = as_resident.post("/api/v1/bookings/", payload(room, title=""), format="json")
    assert response.status_code == 400 and "title" in response.json()["errors"]
    assert not Booking.objects.exists()


def test_weekly_series_conflict_lists_dates(now, as_resident, room, admin):
    booking_create(room=room, actor=admin, start=at(TUESDAY + datetime.timedelta(weeks=2), "09:00"),
                   end=at(TUESDAY + datetime.timedelta(weeks=2), "10:00"), purpose=Function.GENERAL, title="x")
    response = as_resident.post("/api/v1/bookings/", payload(room, weeks=3), format="json")
    assert response.status_code == 409
    assert [c["date"] for c in response.json()["conflicts"]] == ["2026-12-22"]


def test_availability_lists_free_ranges(now, as_resident, room, admin):
    Room.objects.filter(pk=room.pk).update(buffer_minutes=10)
    booking_create(room=room, actor=admin, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose=Function.GENERAL, title="x")
    response = as_resident.get(f"/api/v1/rooms/{room.pk}/availability/", {"date": TUESDAY.isoformat()})
    assert response.status_code == 200
    free = [(r["start"][11:16], r["end"][11:16]) for r in response.json()["free"]]
    assert free == [("08:00", "09:00"), ("10:10", "21:00")]
    assert as_resident.get(f"/api/v1/rooms/{room.pk}/availability/").status_code == 400


def test_residents_see_only_their_own_bookings_and_staff_only_their_centre(now, api_client, room, resident, admin,
                                                                          other_admin):
    mine = booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                          purpose=Function.GENERAL, title="mine")
    other = factories.resident()
    api_client.force_authenticate(other)
    assert api_client.get("/api/v1/bookings/").json()["count"] == 0
    assert api_client.get(f"/api/v1/bookings/{mine.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/bookings/{mine.pk}/cancel/").status_code == 404
    api_client.force_authenticate(other_admin)
    assert api_client.get(f"/api/v1/bookings/{mine.pk}/").status_code == 404
    api_client.force_authenticate(admin)
    assert api_client.get(f"/api/v1/bookings/{mine.pk}/").status_code == 200


def test_cancel_and_check_in_through_the_api(now, as_resident, room, time_machine):
    booking_id = as_resident.post("/api/v1/bookings/", payload(room), format="json").json()["id"]
    time_machine.move_to(at(TUESDAY, "08:55"), tick=False)
    assert as_resident.post(f"/api/v1/bookings/{booking_id}/check-in/").json()["status"] == "checked_in"
    response = as_resident.post(f"/api/v1/bookings/{booking_id}/cancel/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_anonymous_is_refused(api_client, room):
    assert api_client.get("/api/v1/rooms/").status_code in (401, 403)


def test_activity_signup_and_cancel(now, as_resident, room, admin):
    activity = activity_publish(actor=admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "15:00"),
                                kind=Activity.Kind.LECTURE, title="讲座", capacity=1)
    listed = as_resident.get("/api/v1/activities/", {"kind": "lecture"}).json()
    assert listed["results"][0]["confirmed_count"] == 0
    response = as_resident.post(f"/api/v1/activities/{activity.pk}/signup/")
    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    again = as_resident.post(f"/api/v1/activities/{activity.pk}/signup/")
    assert again.status_code == 409 and again.json()["detail"] == "您已报名该活动。"
    signup_id = response.json()["id"]
    assert as_resident.post(f"/api/v1/signups/{signup_id}/cancel/").json()["status"] == "cancelled"


def test_slices_filter_by_room_and_function(now, as_resident, room):
    response = as_resident.get("/api/v1/slices/", {"room": room.pk, "function": "after_school"})
    assert [s["function_label"] for s in response.json()["results"]] == ["六点半课堂"]


@pytest.mark.parametrize("count", [1, 50])
def test_room_list_query_budget(now, as_resident, centre, count, django_assert_max_num_queries):
    RoomFactory.create_batch(count, centre=centre)
    with django_assert_max_num_queries(6):
        response = as_resident.get("/api/v1/rooms/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 50])
def test_booking_list_query_budget(now, api_client, centre, admin, count, django_assert_max_num_queries):
    rooms = RoomFactory.create_batch(count, centre=centre)
    for room in rooms:
        Booking.objects.create(room=room, booker=admin, purpose="general", title="x", start=at(TUESDAY, "09:00"),
                               end=at(TUESDAY, "10:00"), blocked_until=at(TUESDAY, "10:00"))
    api_client.force_authenticate(admin)
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/bookings/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 50])
def test_activity_list_query_budget(now, as_resident, centre, admin, count, django_assert_max_num_queries):
    for room in RoomFactory.create_batch(count, centre=centre, capacity=30):
        booking = Booking.objects.create(room=room, booker=admin, purpose="lecture", title="x",
                                         start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                                         blocked_until=at(TUESDAY, "10:00"))
        Activity.objects.create(booking=booking, kind="lecture", title="讲座", capacity=10, organiser=admin)
    with django_assert_max_num_queries(6):
        response = as_resident.get("/api/v1/activities/")
    assert response.json()["count"] == count


def test_availability_far_away_is_an_empty_day_not_a_400(as_resident, room):
    response = as_resident.get(f"/api/v1/rooms/{room.pk}/availability/", {"date": "2099-01-01"})
    assert response.status_code == 200 and response.json()["free"] == []
    assert as_resident.get(f"/api/v1/rooms/{room.pk}/availability/", {"date": "soon"}).status_code == 400


def test_a_range_wrong_in_itself_is_400_and_one_the_clock_or_room_refuses_is_409(now, as_resident, room):
    # end not after start, or across midnight: the request is wrong (400, documented on `end`)
    response = as_resident.post("/api/v1/bookings/", payload(room, "10:00", "10:00"), format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"end": ["预约时长不能为零。"]}
    # well formed, but the clock refuses it (notice): 409 invalid_transition, field named
    response = as_resident.post("/api/v1/bookings/", payload(room, day=now.date() - datetime.timedelta(days=1)),
                                format="json")
    body = response.json()
    assert response.status_code == 409 and body["code"] == "invalid_transition"
    assert body["detail"].startswith("提前时间不足") and "start" in body["errors"]
    # the room refuses it (duration, capacity): 409 conflict
    Room.objects.filter(pk=room.pk).update(max_duration_minutes=30)
    response = as_resident.post("/api/v1/bookings/", payload(room), format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert response.json()["detail"] == "时长太长：该房间每次最多预约 30 分钟。"
    Room.objects.filter(pk=room.pk).update(max_duration_minutes=240, capacity=5)
    response = as_resident.post("/api/v1/bookings/", payload(room, attendees=6), format="json")
    assert response.status_code == 409 and response.json()["errors"] == {"attendees": ["人数超过房间容量（5 人）。"]}
    assert not Booking.objects.exists()


def test_blank_title_and_json_values_of_the_wrong_type_are_400(now, as_resident, room):
    response = as_resident.post("/api/v1/bookings/", payload(room, title="   "), format="json")
    assert response.status_code == 400 and "title" in response.json()["errors"]
    response = as_resident.post("/api/v1/bookings/", payload(room, title=0, attendees="3"), format="json")
    body = response.json()
    assert response.status_code == 400 and body["errors"]["title"] == ["不是有效的字符串。"]
    assert body["errors"]["attendees"] == ["请填写合法的整数值。"]
    booking_id = as_resident.post("/api/v1/bookings/", payload(room), format="json").json()["id"]
    response = as_resident.post(f"/api/v1/bookings/{booking_id}/cancel/", {"reason": 0}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"reason": ["不是有效的字符串。"]}
    assert Booking.objects.get(pk=booking_id).status == "confirmed"


def test_cancelling_an_activitys_booking_is_409(now, api_client, room, admin):
    activity = activity_publish(actor=admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "15:00"),
                                kind=Activity.Kind.LECTURE, title="讲座", capacity=1)
    api_client.force_authenticate(admin)
    response = api_client.post(f"/api/v1/bookings/{activity.booking_id}/cancel/", {}, format="json")
    body = response.json()
    assert response.status_code == 409 and body["code"] == "invalid_transition"
    assert body["detail"] == "该预约属于活动“讲座”，请取消活动。"
