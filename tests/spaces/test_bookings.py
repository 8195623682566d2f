import datetime

import pytest

from spaces.models import Booking, BookingChange, BookingStatus, Function, Room
from spaces.services import booking_cancel, booking_create, booking_create_weekly
from taijiang.core.exceptions import Conflict, DomainError, NotAllowed
from tests import factories
from tests.spaces.conftest import MONDAY, TUESDAY, at
from tests.spaces.factories import RoomFactory, SliceFactory

pytestmark = pytest.mark.django_db


def book(room, actor, day, start, end, purpose=Function.GENERAL, **kwargs):
    return booking_create(room=room, actor=actor, start=at(day, start), end=at(day, end), purpose=purpose,
                          title=kwargs.pop("title", "读书会"), **kwargs)


def test_booking_inside_a_general_slice_is_confirmed_with_history(now, room, resident):
    booking = book(room, resident, TUESDAY, "09:00", "10:00")
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.blocked_until == booking.end
    assert BookingChange.objects.get(booking=booking).to_status == BookingStatus.CONFIRMED


def test_adjacent_half_open_ranges_are_both_accepted(now, room, resident, admin):
    book(room, resident, TUESDAY, "09:00", "10:00")
    second = book(room, admin, TUESDAY, "10:00", "11:00")
    assert second.status == BookingStatus.CONFIRMED
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 2


def test_overlapping_booking_is_refused_with_the_taken_time(now, room, resident, admin):
    book(room, resident, TUESDAY, "09:00", "10:00")
    with pytest.raises(Conflict) as exc:
        book(room, admin, TUESDAY, "09:30", "10:30")
    assert str(exc.value.message) == "该时间已被占用：09:00–10:00 已有预约。"
    assert exc.value.extra["reason"] == "taken"


def test_buffer_between_bookings_is_respected(now, room, resident, admin):
    Room.objects.filter(pk=room.pk).update(buffer_minutes=15)
    book(room, resident, TUESDAY, "09:00", "10:00")
    with pytest.raises(Conflict) as exc:
        book(room, admin, TUESDAY, "10:10", "11:00")
    assert "前后需间隔 15 分钟" in str(exc.value.message)
    with pytest.raises(Conflict):
        book(room, admin, TUESDAY, "08:00", "08:50")
    assert book(room, admin, TUESDAY, "10:15", "11:00").blocked_until == at(TUESDAY, "11:15")


def test_cancelled_slot_can_be_booked_again(now, room, resident, admin):
    first = book(room, resident, TUESDAY, "09:00", "10:00")
    booking_cancel(booking=first, actor=resident)
    again = book(room, admin, TUESDAY, "09:00", "10:00")
    assert again.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize(("start", "end", "message"), [
    ("10:00", "09:00", "结束时间早于开始时间。"),
    ("10:00", "10:00", "预约时长不能为零。"),
    ("10:00", "10:15", "时长太短：该房间每次至少预约 30 分钟。"),
    ("08:00", "13:00", "时长太长：该房间每次最多预约 240 分钟。"),
])
def test_bad_ranges_are_refused_with_the_exact_reason(now, room, resident, start, end, message):
    with pytest.raises(DomainError) as exc:
        book(room, resident, TUESDAY, start, end)
    assert str(exc.value.message) == message
    assert not Booking.objects.exists()


def test_too_little_notice_is_refused(now, room, resident):
    Room.objects.filter(pk=room.pk).update(min_notice_hours=48)
    with pytest.raises(DomainError) as exc:
        book(room, resident, TUESDAY, "09:00", "10:00")
    assert str(exc.value.message) == "提前时间不足：该房间至少需提前 48 小时预约。"


def test_too_far_ahead_is_refused(now, room, resident):
    with pytest.raises(DomainError) as exc:
        book(room, resident, TUESDAY + datetime.timedelta(weeks=6), "09:00", "10:00")
    assert str(exc.value.message) == "太早了：该房间最多只能提前 30 天预约。"


def test_outside_opening_hours_is_refused(now, room, resident):
    room.centre.opening_periods.update(closes=datetime.time(12, 0))
    with pytest.raises(DomainError) as exc:
        book(room, resident, TUESDAY, "13:00", "14:00")
    assert str(exc.value.message) == "不在服务中心开放时间内（2026-12-08）。"


def test_room_with_own_hours_ignores_centre_hours(now, room, resident):
    room.centre.opening_periods.update(closes=datetime.time(12, 0))
    Room.objects.filter(pk=room.pk).update(follows_centre_hours=False)
    assert book(room, resident, TUESDAY, "19:00", "20:00").status == BookingStatus.CONFIRMED


def test_time_outside_any_slice_is_a_conflict(now, room, resident):
    with pytest.raises(Conflict) as exc:
        book(room, resident, MONDAY + datetime.timedelta(days=3), "09:00", "10:00")  # Thursday: no slice
    assert str(exc.value.message) == "该时间段不在房间开放的任何时段内。"
    assert exc.value.extra["reason"] == "no_slice"


def test_purpose_must_fit_the_slice_function(now, room, resident):
    wednesday = MONDAY + datetime.timedelta(days=2)
    with pytest.raises(Conflict) as exc:
        book(room, resident, wednesday, "17:00", "18:00", purpose=Function.LECTURE)
    assert str(exc.value.message) == "16:30–18:30 用于“六点半课堂”，与预约用途“沙龙讲座”不符。"
    assert book(room, resident, wednesday, "17:00", "18:00", purpose=Function.AFTER_SCHOOL).pk


def test_weekly_quota_per_resident(now, room, resident):
    Room.objects.filter(pk=room.pk).update(weekly_quota=2)
    book(room, resident, TUESDAY, "09:00", "10:00")
    book(room, resident, TUESDAY, "10:00", "11:00")
    with pytest.raises(DomainError) as exc:
        book(room, resident, TUESDAY, "11:00", "12:00")
    assert str(exc.value.message) == "超出限额：每位居民每周在本服务中心最多预约 2 次。"
    assert book(room, resident, TUESDAY + datetime.timedelta(weeks=1), "09:00", "10:00").pk  # next week is fine


def test_weekly_quota_counts_every_room_of_the_centre_not_each_room(now, room, resident, territory):
    Room.objects.filter(pk=room.pk).update(weekly_quota=2)
    next_door = RoomFactory(centre=room.centre, name="隔壁活动室", weekly_quota=2)
    SliceFactory(room=next_door, weekday=1)
    book(room, resident, TUESDAY, "09:00", "10:00")
    book(next_door, resident, TUESDAY, "10:00", "11:00")
    with pytest.raises(DomainError) as exc:
        book(room, resident, TUESDAY, "11:00", "12:00")
    assert exc.value.extra["reason"] == "over_quota"
    other_centre = RoomFactory(centre=factories.ServiceCentreFactory(community=territory["a2"]), weekly_quota=2,
                               follows_centre_hours=False)
    SliceFactory(room=other_centre, weekday=1)
    assert book(other_centre, resident, TUESDAY, "11:00", "12:00").pk  # another centre keeps its own count


def test_resident_cannot_book_staff_only_room(now, room, resident, admin):
    Room.objects.filter(pk=room.pk).update(bookers=Room.Bookers.STAFF)
    with pytest.raises(NotAllowed) as exc:
        book(room, resident, TUESDAY, "09:00", "10:00")
    assert str(exc.value.message) == "该房间仅限工作人员预约。"
    assert book(room, admin, TUESDAY, "09:00", "10:00").pk


def test_organisation_rooms_need_an_organisation_name(now, room, resident):
    Room.objects.filter(pk=room.pk).update(bookers=Room.Bookers.ORGANISATIONS)
    with pytest.raises(NotAllowed) as exc:
        book(room, resident, TUESDAY, "09:00", "10:00")
    assert "请填写组织名称" in str(exc.value.message)
    assert book(room, resident, TUESDAY, "09:00", "10:00", organisation="福祥志愿者协会").organisation


def test_closure_exception_closes_the_day_and_override_changes_function(now, room, resident):
    room.exceptions.create(date=TUESDAY, kind="close", note="元旦")
    with pytest.raises(Conflict):
        book(room, resident, TUESDAY, "09:00", "10:00")
    thursday = MONDAY + datetime.timedelta(days=3)
    room.exceptions.create(date=thursday, kind="override", starts=datetime.time(14, 0), ends=datetime.time(16, 0),
                           function=Function.HEALTH, note="义诊")
    assert book(room, resident, thursday, "14:00", "15:00", purpose=Function.HEALTH).pk


def test_weekly_series_is_all_or_nothing_and_lists_every_conflicting_date(now, room, resident, admin):
    book(room, admin, TUESDAY + datetime.timedelta(weeks=1), "19:00", "20:00")
    book(room, admin, TUESDAY + datetime.timedelta(weeks=3), "19:30", "20:30")
    with pytest.raises(Conflict) as exc:
        booking_create_weekly(room=room, actor=resident, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                              weeks=4, purpose=Function.GENERAL, title="合唱排练")
    assert [c["date"] for c in exc.value.extra["conflicts"]] == ["2026-12-15", "2026-12-29"]
    assert "2026-12-15、2026-12-29" in str(exc.value.message)
    assert not Booking.objects.filter(booker=resident).exists()


def test_weekly_series_creates_every_week(now, room, admin):
    created = booking_create_weekly(room=room, actor=admin, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                                    weeks=3, purpose=Function.GENERAL, title="合唱排练")
    assert [b.start.date() for b in created] == [TUESDAY + datetime.timedelta(weeks=i) for i in range(3)]
    assert len({b.series_id for b in created}) == 1


def test_room_needing_approval_holds_the_time_as_pending(now, room, resident, admin):
    Room.objects.filter(pk=room.pk).update(needs_approval=True)
    booking = book(room, resident, TUESDAY, "09:00", "10:00")
    assert booking.status == BookingStatus.PENDING
    with pytest.raises(Conflict):
        book(room, admin, TUESDAY, "09:00", "10:00")


def test_other_centres_staff_cannot_book_a_staff_only_room(now, room, other_admin):
    Room.objects.filter(pk=room.pk).update(bookers=Room.Bookers.STAFF)
    with pytest.raises(NotAllowed) as exc:
        book(room, other_admin, TUESDAY, "09:00", "10:00")
    assert str(exc.value.message) == "该房间仅限本中心工作人员预约。"


def test_slices_for_another_season_do_not_apply(now, room, resident):
    thursday = MONDAY + datetime.timedelta(days=3)
    SliceFactory(room=room, weekday=3, valid_from=datetime.date(2027, 3, 1), valid_until=datetime.date(2027, 6, 30))
    with pytest.raises(Conflict):
        book(room, resident, thursday, "09:00", "10:00")


def test_only_the_booker_or_centre_admin_may_cancel(now, room, resident, other_admin):
    booking = book(room, resident, TUESDAY, "09:00", "10:00")
    with pytest.raises(NotAllowed) as exc:
        booking_cancel(booking=booking, actor=factories.resident())
    assert str(exc.value.message) == "只能取消自己的预约。"
    with pytest.raises(NotAllowed):
        booking_cancel(booking=booking, actor=other_admin)
