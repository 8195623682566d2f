import pytest

from spaces.models import ACTIVE_STATUSES, Activity, Booking, BookingStatus, Function, Room, SignUpStatus
from spaces.schedule import BEAT_SCHEDULE
from spaces.services import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_move,
    booking_reject,
    release_no_shows,
)
from spaces.tasks import release_no_shows as release_task
from spaces.workflow import ACTIVITY_FLOW, BOOKING_FLOW, SIGNUP_FLOW
from taijiang.celery import app
from taijiang.core.exceptions import DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


def book(room, actor, start="09:00", end="10:00"):
    return booking_create(room=room, actor=actor, start=at(TUESDAY, start), end=at(TUESDAY, end),
                          purpose=Function.GENERAL, title="读书会")


@pytest.mark.parametrize(("source", "target"), [
    (s, t) for s in BookingStatus.values for t in BookingStatus.values if not BOOKING_FLOW.can(s, t)])
def test_every_forbidden_transition_is_refused(source, target):
    with pytest.raises(InvalidTransition):
        BOOKING_FLOW.check(source, target)


def test_cancelled_booking_cannot_be_cancelled_again(now, room, resident):
    booking = book(room, resident)
    booking_cancel(booking=booking, actor=resident)
    with pytest.raises(InvalidTransition) as exc:
        booking_cancel(booking=booking, actor=resident)
    assert str(exc.value.message) == "不能从“已取消”变为“已取消”。"


def test_admin_approves_pending_booking_and_booker_is_told(now, room, resident, admin):
    Room.objects.filter(pk=room.pk).update(needs_approval=True)
    booking = book(room, resident)
    booking = booking_approve(booking=booking, actor=admin)
    assert booking.status == BookingStatus.CONFIRMED
    assert Notification.objects.filter(recipient=resident, event="spaces.booking_confirmed").exists()
    assert list(booking.changes.values_list("to_status", flat=True)) == ["pending", "confirmed"]


def test_admin_of_another_community_cannot_approve(now, room, resident, other_admin):
    Room.objects.filter(pk=room.pk).update(needs_approval=True)
    booking = book(room, resident)
    with pytest.raises(NotAllowed) as exc:
        booking_approve(booking=booking, actor=other_admin)
    assert str(exc.value.message) == "只有本中心的管理员可以审核预约。"


def test_reject_needs_a_reason_and_frees_the_time(now, room, resident, admin):
    Room.objects.filter(pk=room.pk).update(needs_approval=True)
    booking = book(room, resident)
    with pytest.raises(DomainError):
        booking_reject(booking=booking, actor=admin, reason=" ")
    booking_reject(booking=booking, actor=admin, reason="当天有检查")
    assert book(room, admin).status == BookingStatus.CONFIRMED


def test_check_in_opens_fifteen_minutes_before_start(now, room, resident, time_machine):
    booking = book(room, resident)
    with pytest.raises(DomainError) as exc:
        booking_check_in(booking=booking, actor=resident)
    assert str(exc.value.message) == "签到在开始前 15 分钟开放。"
    time_machine.move_to(at(TUESDAY, "08:50"), tick=False)
    assert booking_check_in(booking=booking, actor=resident).status == BookingStatus.CHECKED_IN


def test_no_show_is_released_after_grace_minutes_once(now, room, resident, admin, time_machine):
    booking = book(room, resident)
    time_machine.move_to(at(TUESDAY, "09:10"), tick=False)
    assert release_no_shows() == 0
    time_machine.move_to(at(TUESDAY, "09:15"), tick=False)
    assert release_task.delay().get() == 1
    assert release_no_shows() == 0  # idempotent
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert Notification.objects.filter(recipient=resident, event="spaces.booking_released").count() == 1


def test_checked_in_booking_is_not_released(now, room, resident, time_machine):
    booking = book(room, resident)
    time_machine.move_to(at(TUESDAY, "09:05"), tick=False)
    booking_check_in(booking=booking, actor=resident)
    time_machine.move_to(at(TUESDAY, "09:45"), tick=False)
    assert release_no_shows() == 0


def test_moving_a_booking_checks_rules_and_raises_sequence(now, room, resident, admin):
    booking = book(room, resident)
    book(room, admin, "11:00", "12:00")
    with pytest.raises(DomainError):
        booking_move(booking=booking, actor=resident, start=at(TUESDAY, "11:30"), end=at(TUESDAY, "12:30"))
    moved = booking_move(booking=booking, actor=resident, start=at(TUESDAY, "12:00"), end=at(TUESDAY, "13:00"))
    assert moved.sequence == 1 and moved.start == at(TUESDAY, "12:00")


def test_beat_entries_name_registered_tasks():
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks



@pytest.mark.parametrize(("flow", "source", "target"), [
    (flow, s, t) for flow, values in ((SIGNUP_FLOW, SignUpStatus.values), (ACTIVITY_FLOW, Activity.Status.values))
    for s in values for t in values if not flow.can(s, t)])
def test_every_forbidden_signup_and_activity_transition_is_refused(flow, source, target):
    with pytest.raises(InvalidTransition):
        flow.check(source, target)


def test_exclusion_constraint_matches_the_active_statuses_and_exists_only_on_postgres():
    from django.db import connection

    constraint = next(c for c in Booking._meta.constraints if c.name == "booking_no_overlap")
    assert constraint.condition.children == [("status__in", [s.value for s in ACTIVE_STATUSES])]
    editor = connection.schema_editor(collect_sql=True)  # not entered: only renders SQL
    sql = constraint.create_sql(Booking, editor)
    if connection.vendor == "postgresql":
        assert "EXCLUDE USING GIST" in str(sql) and "TSTZRANGE" in str(sql)
    else:
        assert sql is None and constraint.constraint_sql(Booking, editor) is None
