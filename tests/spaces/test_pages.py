import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from spaces.models import Activity, Booking, BookingStatus, Function, Room, SliceException, TimeSlice
from spaces.services import activity_publish, booking_create, signup_create
from tests import factories
from tests.spaces.conftest import TUESDAY, at
from tests.spaces.factories import RoomFactory

pytestmark = pytest.mark.django_db


def png_upload(name="room.png"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_resident_books_a_room_from_the_calendar(now, client, room, resident):
    client.force_login(resident)
    assert "多功能室" in client.get(reverse("spaces:rooms")).content.decode()
    detail = client.get(reverse("spaces:room_detail", args=[room.pk])).content.decode()
    assert "六点半课堂" in detail
    week = client.get(reverse("spaces:room_week", args=[room.pk]), {"date": TUESDAY.isoformat()}).content.decode()
    assert "六点半课堂" in week and "通用" in week
    response = client.post(reverse("spaces:book", args=[room.pk]), {
        "date": TUESDAY.isoformat(), "start_time": "09:00", "end_time": "10:00", "purpose": "general",
        "title": "书法练习", "attendees": 4, "organisation": "", "weeks": 1})
    assert response.status_code == 302 and response.url == reverse("spaces:my_bookings")
    day = client.get(reverse("spaces:room_day", args=[room.pk]), {"date": TUESDAY.isoformat()}).content.decode()
    assert "09:00–10:00" in day
    mine = client.get(reverse("spaces:my_bookings")).content.decode()
    assert "书法练习" in mine and "/spaces/feeds/me/" in mine


def test_refused_booking_keeps_what_was_typed_and_says_why(now, client, room, resident):
    client.force_login(resident)
    response = client.post(reverse("spaces:book", args=[room.pk]), {
        "date": TUESDAY.isoformat(), "start_time": "10:00", "end_time": "09:00", "purpose": "general",
        "title": "书法练习", "attendees": 4, "weeks": 1})
    body = response.content.decode()
    assert response.status_code == 200 and "结束时间早于开始时间。" in body and 'value="书法练习"' in body
    assert not Booking.objects.exists()


def test_series_refusal_lists_dates_on_the_page(now, client, room, resident, admin):
    booking_create(room=room, actor=admin, start=at(TUESDAY + datetime.timedelta(weeks=1), "09:00"),
                   end=at(TUESDAY + datetime.timedelta(weeks=1), "10:00"), purpose=Function.GENERAL, title="x")
    client.force_login(resident)
    body = client.post(reverse("spaces:book", args=[room.pk]), {
        "date": TUESDAY.isoformat(), "start_time": "09:00", "end_time": "10:00", "purpose": "general",
        "title": "合唱", "attendees": 4, "weeks": 2}).content.decode()
    assert "2026-12-15" in body


def test_resident_cancels_own_booking_from_my_page(now, client, room, resident):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                             purpose=Function.GENERAL, title="x")
    client.force_login(resident)
    client.post(reverse("spaces:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_resident_is_refused_management_pages_with_a_message(client, resident):
    client.force_login(resident)
    for name in ("spaces:manage_rooms", "spaces:approvals", "spaces:figures", "spaces:activity_create"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "只有社区、街道管理员可以管理场地。" in response.content.decode()


def test_admin_of_another_community_gets_404_for_the_room(client, room, other_admin):
    client.force_login(other_admin)
    assert client.get(reverse("spaces:room_edit", args=[room.pk])).status_code == 404
    assert client.get(reverse("spaces:room_slices", args=[room.pk])).status_code == 404
    assert room.name not in client.get(reverse("spaces:manage_rooms")).content.decode()


def test_admin_creates_room_adds_slice_exception_and_photo(client, centre, admin, resident):
    client.force_login(admin)
    response = client.post(reverse("spaces:room_create"), {
        "centre": centre.pk, "name": "近邻客厅", "kind": "open", "area_m2": "45", "capacity": 20, "bookable": "on",
        "bookers": "residents", "follows_centre_hours": "on", "min_notice_hours": 1, "max_notice_days": 30,
        "min_duration_minutes": 30, "max_duration_minutes": 180, "buffer_minutes": 10, "weekly_quota": 2,
        "check_in_required": "on", "release_after_minutes": 15, "is_active": "on"})
    room = Room.objects.get(name="近邻客厅")
    assert response.status_code == 302
    url = reverse("spaces:room_slices", args=[room.pk])
    client.post(url, {"add_slice": "1", "s-weekday": 0, "s-starts": "08:30", "s-ends": "11:30",
                      "s-function": "elderly", "s-audience": "elderly"})
    overlapping = client.post(url, {"add_slice": "1", "s-weekday": 0, "s-starts": "11:00", "s-ends": "12:00",
                                    "s-function": "general", "s-audience": "all"})
    assert "与已有时段重叠" in overlapping.content.decode()
    assert TimeSlice.objects.filter(room=room).count() == 1
    client.post(url, {"add_exception": "1", "e-date": "2027-01-01", "e-kind": "close", "e-function": "general",
                      "e-audience": "all", "e-note": "元旦"})
    assert room.exceptions.get().note == "元旦"
    client.post(reverse("spaces:room_photo_add", args=[room.pk]), {"image": png_upload(), "caption": "全景"})
    photo = room.photos.get()
    client.force_login(resident)
    assert client.get(reverse("spaces:room_photo", args=[photo.pk])).status_code == 200


def test_photo_that_is_not_an_image_is_refused(client, room, admin):
    client.force_login(admin)
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    client.post(reverse("spaces:room_photo_add", args=[room.pk]), {"image": fake})
    assert not room.photos.exists()


def test_admin_approves_from_the_list(now, client, room, resident, admin):
    Room.objects.filter(pk=room.pk).update(needs_approval=True)
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                             purpose=Function.GENERAL, title="生日会")
    client.force_login(admin)
    assert "生日会" in client.get(reverse("spaces:approvals")).content.decode()
    client.post(reverse("spaces:booking_decide", args=[booking.pk]), {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_admin_publishes_deliberation_meeting_and_records_minutes(now, client, room, admin, resident):
    client.force_login(admin)
    response = client.post(reverse("spaces:activity_create"), {
        "room": room.pk, "kind": "deliberation", "title": "邻听屋议事：加装电梯", "date": TUESDAY.isoformat(),
        "start_time": "19:00", "end_time": "20:30", "capacity": 12, "waitlist": "on", "agenda": "意见征询",
        "appeal_numbers": "YSS-20261130-0003"})
    activity = Activity.objects.get()
    assert response.status_code == 302
    signup_create(activity=activity, actor=resident)
    url = reverse("spaces:activity_manage", args=[activity.pk])
    client.post(url, {"agenda": "意见征询", "minutes": "七成住户同意", "appeal_numbers": "YSS-20261130-0003"})
    activity.refresh_from_db()
    assert activity.minutes == "七成住户同意"
    client.force_login(resident)
    body = client.get(reverse("spaces:activity_detail", args=[activity.pk])).content.decode()
    assert "七成住户同意" in body and "YSS-20261130-0003" in body


def test_resident_signs_up_from_the_activity_page(now, client, room, admin, resident):
    activity = activity_publish(actor=admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "15:00"),
                                kind=Activity.Kind.PARENT_CHILD, title="亲子手作", capacity=3)
    client.force_login(resident)
    assert "亲子手作" in client.get(reverse("spaces:activities")).content.decode()
    client.post(reverse("spaces:activity_signup", args=[activity.pk]))
    assert activity.signups.get().resident == resident


def test_home_cards_and_mine_section(now, client, room, admin, resident):
    Room.objects.filter(pk=room.pk).update(needs_approval=True)
    booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose=Function.GENERAL, title="生日会")
    client.force_login(admin)
    assert "待审核的场地预约" in client.get("/").content.decode()
    client.force_login(resident)
    assert "约场地" in client.get("/").content.decode()
    assert "生日会" in client.get(reverse("dashboard:mine")).content.decode()


def test_figures_page_renders_for_admin(now, client, room, admin):
    client.force_login(admin)
    body = client.get(reverse("spaces:figures")).content.decode()
    assert "办公用房占比" in body and room.centre.name in body


@pytest.mark.parametrize("count", [1, 50])
def test_rooms_page_query_budget(client, centre, resident, count, django_assert_max_num_queries):
    RoomFactory.create_batch(count, centre=centre)
    client.force_login(resident)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("spaces:rooms"), {"centre": centre.pk})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_manage_activities_query_budget(now, client, centre, admin, count, django_assert_max_num_queries):
    for room in RoomFactory.create_batch(count, centre=centre, capacity=30):
        booking = Booking.objects.create(room=room, booker=admin, purpose="lecture", title="x",
                                         start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                                         blocked_until=at(TUESDAY, "10:00"))
        Activity.objects.create(booking=booking, kind="lecture", title="讲座", capacity=10, organiser=admin)
    client.force_login(admin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("spaces:manage_activities"))
    assert response.status_code == 200


def test_window_staff_checks_people_in_but_cannot_manage_rooms(now, client, territory, room, resident, time_machine):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                             purpose=Function.GENERAL, title="读书会")
    staff = factories.window_staff(territory["a1"])
    client.force_login(staff)
    assert "读书会" in client.get(reverse("spaces:manage_bookings")).content.decode()
    forbidden = client.get(reverse("spaces:manage_rooms"))
    assert forbidden.status_code == 403 and "只有社区、街道管理员可以管理场地。" in forbidden.content.decode()
    time_machine.move_to(at(TUESDAY, "08:55"), tick=False)
    client.post(reverse("spaces:booking_check_in", args=[booking.pk]), {"next": reverse("spaces:manage_bookings")})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


def test_resident_is_refused_the_staff_booking_list_with_a_message(client, resident):
    client.force_login(resident)
    response = client.get(reverse("spaces:manage_bookings"))
    assert response.status_code == 403 and "只有服务中心工作人员可以查看。" in response.content.decode()


def test_admin_deletes_a_date_exception_and_the_day_opens_again(now, client, room, admin, other_admin):
    exception = SliceException.objects.create(room=room, date=TUESDAY, kind=SliceException.Kind.CLOSE, note="闭馆")
    client.force_login(other_admin)
    assert client.post(reverse("spaces:exception_delete", args=[exception.pk])).status_code == 404
    client.force_login(admin)
    page = client.get(reverse("spaces:room_slices", args=[room.pk])).content.decode()
    assert reverse("spaces:exception_delete", args=[exception.pk]) in page and "闭馆" in page
    assert client.get(reverse("spaces:exception_delete", args=[exception.pk])).status_code == 405
    response = client.post(reverse("spaces:exception_delete", args=[exception.pk]))
    assert response.status_code == 302 and not SliceException.objects.exists()
    day = client.get(reverse("spaces:room_day", args=[room.pk]), {"date": TUESDAY.isoformat()}).content.decode()
    assert "空闲" in day


def test_resident_cannot_delete_a_date_exception(now, client, room, resident):
    exception = SliceException.objects.create(room=room, date=TUESDAY, kind=SliceException.Kind.CLOSE)
    client.force_login(resident)
    response = client.post(reverse("spaces:exception_delete", args=[exception.pk]))
    assert response.status_code == 403 and "只有社区、街道管理员可以管理场地。" in response.content.decode()
    assert SliceException.objects.filter(pk=exception.pk).exists()


def test_residents_are_not_offered_staff_only_or_unbookable_rooms(client, room, resident, admin):
    staff_only = RoomFactory(centre=room.centre, name="工作人员会议室", bookers=Room.Bookers.STAFF)
    office = RoomFactory(centre=room.centre, name="书记办公室", kind=Room.Kind.OFFICE, bookable=False)
    client.force_login(resident)
    listing = client.get(reverse("spaces:rooms")).content.decode()
    assert "多功能室" in listing and "工作人员会议室" not in listing and "书记办公室" not in listing
    detail = client.get(reverse("spaces:room_detail", args=[staff_only.pk])).content.decode()
    assert reverse("spaces:book", args=[staff_only.pk]) not in detail
    office_page = client.get(reverse("spaces:room_detail", args=[office.pk])).content.decode()
    assert reverse("spaces:feed_room", args=[office.pk]) not in office_page  # that feed answers 404
    assert reverse("spaces:book", args=[office.pk]) not in office_page
    client.force_login(admin)
    assert "工作人员会议室" in client.get(reverse("spaces:rooms")).content.decode()
