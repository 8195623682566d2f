"""Booking workflows: create (single or weekly series), approve, reject, cancel, move, check in,
release no-shows. Each is one transaction that locks the room (or the booking) first.

Overlaps are refused twice: here, with a readable reason, after the room row is locked; and
on PostgreSQL by the `booking_no_overlap` exclusion constraint, whose IntegrityError is turned
into the same Conflict should anything slip past the lock.
"""

import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.services import notify

from .. import events
from ..models import Booking, BookingChange, BookingSeries, BookingStatus, Room, SignUpStatus
from ..models.bookings import CHECK_IN_OPENS_BEFORE
from ..permissions import can_manage_centre, can_run_centre, is_staff
from ..workflow import BOOKING_FLOW
from . import reminders
from .rules import blocked_until, check_booking


def lock_room(room_id: int) -> Room:
    """Serialise writers on one room. PostgreSQL: a row lock. SQLite: a write that takes the
    database's single writer lock now, so the overlap check and the insert cannot interleave."""
    if connection.vendor == "postgresql":
        return Room.objects.select_for_update(of=("self",)).select_related("centre").get(pk=room_id)
    Room.objects.filter(pk=room_id).update(capacity=F("capacity"))
    return Room.objects.select_related("centre").get(pk=room_id)


def _record(booking: Booking, from_status: str, actor, note: str = "") -> None:
    BookingChange.objects.create(booking=booking, from_status=from_status, to_status=booking.status, actor=actor,
                                 note=note[:200])


def _insert(booking: Booking) -> Booking:
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if "booking_no_overlap" in str(exc):
            raise Conflict(_("该时间已被占用：刚刚有人预约了这个时段。"), extra={"reason": "taken"})
        raise
    return booking


def _announce(booking: Booking) -> None:
    link = reverse("spaces:my_bookings")
    context = reminders.booking_context(booking)
    if booking.status == BookingStatus.PENDING:
        notify(recipient=booking.booker, event=events.BOOKING_PENDING, context=context, link=link)
    else:
        notify(recipient=booking.booker, event=events.BOOKING_CONFIRMED, context=context, link=link)
        reminders.schedule_booking_reminders(booking)


def _initial_status(room: Room, actor) -> str:
    return BookingStatus.PENDING if room.needs_approval and not is_staff(actor) else BookingStatus.CONFIRMED


def booking_create(*, room: Room, actor, start: datetime.datetime, end: datetime.datetime, purpose: str,
                   title: str, attendees: int = 1, organisation: str = "", announce: bool = True) -> Booking:
    """Book `room` for [start, end). Raises DomainError / NotAllowed / Conflict with the reason."""
    if not title.strip():
        raise DomainError(_("请填写活动名称。"), field="title")
    with transaction.atomic():
        room = lock_room(room.pk)
        check_booking(room=room, actor=actor, start=start, end=end, purpose=purpose, organisation=organisation)
        if attendees > room.capacity:
            raise Conflict(_("人数超过房间容量（%(n)d 人）。") % {"n": room.capacity}, field="attendees")
        booking = _insert(Booking(
            room=room, booker=actor, organisation=organisation.strip(), purpose=purpose, title=title.strip(),
            attendees=attendees, start=start, end=end, blocked_until=blocked_until(room, end),
            status=_initial_status(room, actor)))
        _record(booking, "", actor)
        if announce:
            _announce(booking)
    return booking


def booking_create_weekly(*, room: Room, actor, start, end, weeks: int, purpose: str, title: str,
                          attendees: int = 1, organisation: str = "") -> list[Booking]:
    """Book the same time on `weeks` consecutive weeks: every date or none.

    On any refusal raises Conflict listing every refused date with its reason
    (`extra={"conflicts": [{"date": ..., "reason": ...}, ...]}`).
    """
    if not 2 <= weeks <= 26:
        raise DomainError(_("重复周数应在 2 到 26 之间。"), field="weeks")
    if not title.strip():
        raise DomainError(_("请填写活动名称。"), field="title")
    with transaction.atomic():
        room = lock_room(room.pk)
        conflicts = []
        for i in range(weeks):
            s, e = start + datetime.timedelta(weeks=i), end + datetime.timedelta(weeks=i)
            try:
                check_booking(room=room, actor=actor, start=s, end=e, purpose=purpose, organisation=organisation)
            except NotAllowed:
                raise
            except DomainError as exc:
                conflicts.append({"date": timezone.localtime(s).date().isoformat(), "reason": str(exc.message)})
        if conflicts:
            dates = "、".join(c["date"] for c in conflicts)
            raise Conflict(_("以下日期无法预约，整组未创建：%(dates)s。") % {"dates": dates},
                           extra={"reason": "series_conflict", "conflicts": conflicts})
        series = BookingSeries.objects.create(room=room, booker=actor, weeks=weeks)
        status = _initial_status(room, actor)
        created = []
        for i in range(weeks):
            s, e = start + datetime.timedelta(weeks=i), end + datetime.timedelta(weeks=i)
            booking = _insert(Booking(
                room=room, booker=actor, organisation=organisation.strip(), purpose=purpose, title=title.strip(),
                attendees=attendees, start=s, end=e, blocked_until=blocked_until(room, e), status=status,
                series=series))
            _record(booking, "", actor)
            _announce(booking)
            created.append(booking)
    return created


def _lock_booking(booking_id: int) -> Booking:
    return Booking.objects.select_for_update(of=("self",)).select_related("room__centre", "booker").get(pk=booking_id)


def _transition(booking: Booking, target: str, actor, note: str = "") -> Booking:
    BOOKING_FLOW.check(booking.status, target)
    previous = booking.status
    booking.status = target
    booking.sequence += 1
    fields = ["status", "sequence", "updated_at"]
    if target == BookingStatus.CHECKED_IN:
        booking.checked_in_at = timezone.now()
        fields.append("checked_in_at")
    booking.save(update_fields=fields)
    _record(booking, previous, actor, note)
    return booking


def booking_approve(*, booking: Booking, actor) -> Booking:
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        if not can_manage_centre(actor, booking.room.centre):
            raise NotAllowed(_("只有本中心的管理员可以审核预约。"))
        _transition(booking, BookingStatus.CONFIRMED, actor)
        _announce(booking)
    return booking


def booking_reject(*, booking: Booking, actor, reason: str) -> Booking:
    if not reason.strip():
        raise DomainError(_("请填写不通过的原因。"), field="reason")
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        if not can_manage_centre(actor, booking.room.centre):
            raise NotAllowed(_("只有本中心的管理员可以审核预约。"))
        _transition(booking, BookingStatus.REJECTED, actor, reason)
        notify(recipient=booking.booker, event=events.BOOKING_REJECTED,
               context=reminders.booking_context(booking) | {"note": reason.strip()},
               link=reverse("spaces:my_bookings"))
    return booking


def booking_cancel(*, booking: Booking, actor, reason: str = "", _by_activity: bool = False) -> Booking:
    """Cancel; the time becomes free at once and the reminders are withdrawn."""
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        is_owner = booking.booker_id == actor.pk
        if not is_owner and not can_manage_centre(actor, booking.room.centre):
            raise NotAllowed(_("只能取消自己的预约。"))
        if hasattr(booking, "activity") and not _by_activity:
            raise InvalidTransition(_("该预约属于活动“%(title)s”，请取消活动。") % {"title": booking.activity.title})
        _transition(booking, BookingStatus.CANCELLED, actor, reason)
        reminders.cancel_booking_reminders(booking)
        if not is_owner:
            notify(recipient=booking.booker, event=events.BOOKING_CANCELLED,
                   context=reminders.booking_context(booking) | {"note": reason or _("中心已取消。")},
                   link=reverse("spaces:my_bookings"))
    return booking


def booking_move(*, booking: Booking, actor, start, end) -> Booking:
    """Change the time of an active booking: all rules again, reminders re-made, SEQUENCE raised."""
    with transaction.atomic():
        room = lock_room(booking.room_id)
        booking = _lock_booking(booking.pk)
        if booking.booker_id != actor.pk and not can_manage_centre(actor, room.centre):
            raise NotAllowed(_("只能修改自己的预约。"))
        if not booking.is_active or booking.status == BookingStatus.CHECKED_IN:
            raise DomainError(_("当前状态下不能改期。"))
        check_booking(room=room, actor=actor, start=start, end=end, purpose=booking.purpose,
                      organisation=booking.organisation, exclude_pk=booking.pk)
        reminders.cancel_booking_reminders(booking)
        booking.start, booking.end, booking.blocked_until = start, end, blocked_until(room, end)
        booking.sequence += 1
        booking.save(update_fields=["start", "end", "blocked_until", "sequence", "updated_at"])
        _record(booking, booking.status, actor, _("改期"))
        if booking.status == BookingStatus.CONFIRMED:
            reminders.schedule_booking_reminders(booking)
        activity = getattr(booking, "activity", None)
        if activity is not None:  # the residents signed up are reminded of the new time, not the old
            for signup in activity.signups.filter(status=SignUpStatus.CONFIRMED).select_related("resident"):
                reminders.cancel_signup_reminders(signup)
                reminders.schedule_signup_reminders(signup)
    return booking


def booking_check_in(*, booking: Booking, actor) -> Booking:
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        if booking.booker_id != actor.pk and not can_run_centre(actor, booking.room.centre):
            raise NotAllowed(_("只能为自己的预约签到。"))
        now = timezone.now()
        if booking.status == BookingStatus.CONFIRMED and now < booking.start - CHECK_IN_OPENS_BEFORE:
            raise InvalidTransition(_("签到在开始前 15 分钟开放。"))  # not yet: 409, the request itself is fine
        if booking.status == BookingStatus.CONFIRMED and now >= booking.end:
            raise InvalidTransition(_("预约已结束，不能签到。"))
        _transition(booking, BookingStatus.CHECKED_IN, actor)
    return booking


def release_no_shows(*, now=None) -> int:
    """Release confirmed bookings nobody checked in to within the room's grace minutes.

    Idempotent: each booking is re-read under its lock, so two runs release it once.
    """
    now = now or timezone.now()
    candidates = (Booking.objects.filter(status=BookingStatus.CONFIRMED, room__check_in_required=True,
                                         start__lte=now, activity__isnull=True)
                  .select_related("room").only("pk", "start", "room__release_after_minutes"))
    released = 0
    for candidate in candidates:
        if candidate.start + datetime.timedelta(minutes=candidate.room.release_after_minutes) > now:
            continue
        with transaction.atomic():
            booking = _lock_booking(candidate.pk)
            if booking.status != BookingStatus.CONFIRMED:
                continue
            _transition(booking, BookingStatus.NO_SHOW, None, _("开始后未签到，自动释放"))
            reminders.cancel_booking_reminders(booking)
            notify(recipient=booking.booker, event=events.BOOKING_RELEASED,
                   context=reminders.booking_context(booking), link=reverse("spaces:my_bookings"))
            released += 1
    return released
