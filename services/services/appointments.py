"""Appointments: slots from opening hours, booking under a slot lock, reschedule, cancel, check-in.

Capacity is enforced by locking the slot row (select_for_update) and by the CHECK constraint
booked <= capacity. Reminders the day before and an hour before are outbox rows (send_after +
dedupe_key) that are cancelled when the appointment is cancelled or moved.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rota.selectors import bookable_periods
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition
from taijiang.notifications.services import cancel_notifications, notify

from .. import events, permissions
from ..models import Appointment, AppointmentSlot, QueueTicket, ServiceItem, Window
from ..workflow import APPOINTMENT_FLOW
from .queue import ticket_issue

SLOT_MINUTES = 30
BOOKING_DAYS_AHEAD = 14
A = Appointment.Status


def ensure_slots(*, centre, day: datetime.date) -> list[AppointmentSlot]:
    """The day's bookable slots, created from the bookable periods the first time they are asked for.

    Bookable periods come from the rota (rota.selectors.bookable_periods): with a published rota,
    the open periods a window-qualified worker covers, holiday-duty periods included; without one,
    the open periods of a non-holiday date. Slots cut earlier in a period that is no longer covered
    stay in the table (bookings may hang on them) but are not offered. Capacity is the number of
    windows in service."""
    periods = bookable_periods(centre, day)
    capacity = Window.objects.filter(centre=centre, in_service=True).count()
    step = datetime.timedelta(minutes=SLOT_MINUTES)
    if capacity:
        wanted = []
        for period in periods:
            start = period.start
            while start + step <= period.end:
                wanted.append(AppointmentSlot(centre=centre, start=start, end=start + step, capacity=capacity))
                start += step
        AppointmentSlot.objects.bulk_create(wanted, ignore_conflicts=True)
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    slots = AppointmentSlot.objects.filter(centre=centre, start__gte=begin,
                                           start__lt=begin + datetime.timedelta(days=1)).order_by("start")
    return [slot for slot in slots if _within(slot, periods)]


def _within(slot: AppointmentSlot, periods) -> bool:
    return any(p.start <= slot.start and slot.end <= p.end for p in periods)


def _when(slot) -> str:
    return timezone.localtime(slot.start).strftime("%Y-%m-%d %H:%M")


def _context(appointment) -> dict:
    return {"item": appointment.item.name, "centre": appointment.slot.centre.name, "when": _when(appointment.slot)}


def _schedule_reminders(appointment) -> None:
    now = timezone.now()
    link = reverse("services:appointment_list")
    for label, before in (("24h", datetime.timedelta(hours=24)), ("1h", datetime.timedelta(hours=1))):
        when = appointment.slot.start - before
        if when > now:
            notify(recipient=appointment.resident, event=events.APPOINTMENT_REMINDER, context=_context(appointment),
                   link=link, send_after=when,
                   dedupe_key=f"services.appointment:{appointment.pk}:{appointment.slot_id}:{label}")


def _take(slot_id: int) -> AppointmentSlot:
    slot = AppointmentSlot.objects.select_for_update().select_related("centre").get(pk=slot_id)
    if slot.start <= timezone.now():
        raise InvalidTransition(_("该时段已过，请选择其他时段。"), field="slot")  # the clock refuses: 409
    if not _within(slot, bookable_periods(slot.centre, timezone.localdate(slot.start))):
        raise Conflict(_("%(when)s 没有窗口人员值班，不能预约，请选择其他时段。") % {"when": _when(slot)},
                       field="slot")
    if slot.booked >= slot.capacity:
        raise Conflict(_("%(when)s 已约满，请选择其他时段。") % {"when": _when(slot)}, field="slot")
    return slot


def _check_item(item: ServiceItem) -> None:
    if item.status != ServiceItem.Status.ACTIVE:
        raise DomainError(_("事项“%(name)s”暂停办理。") % {"name": item.name}, field="item")


@transaction.atomic
def appointment_book(*, resident, slot: AppointmentSlot, item: ServiceItem, actor, note: str = "") -> Appointment:
    permissions.require(actor.pk == resident.pk or permissions.can_operate_centre(actor, slot.centre),
                        _("只能为自己预约。"))
    _check_item(item)
    slot = _take(slot.pk)
    if Appointment.objects.filter(slot=slot, resident=resident, status=A.BOOKED).exists():
        raise Conflict(_("您已预约该时段。"), field="slot")
    appointment = Appointment.objects.create(slot=slot, resident=resident, item=item, note=note)
    AppointmentSlot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)
    notify(recipient=resident, event=events.APPOINTMENT_BOOKED, context=_context(appointment),
           link=reverse("services:appointment_list"))
    _schedule_reminders(appointment)
    return appointment


def _lock(appointment) -> Appointment:
    return Appointment.objects.select_for_update(of=("self",)).select_related("slot__centre", "item", "resident")\
        .get(pk=appointment.pk)


def _may_change(actor, appointment) -> bool:
    return actor.pk == appointment.resident_id or permissions.can_operate_centre(actor, appointment.slot.centre)


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor) -> Appointment:
    appointment = _lock(appointment)
    permissions.require(_may_change(actor, appointment), _("只能取消自己的预约。"))
    APPOINTMENT_FLOW.check(appointment.status, A.CANCELLED)
    AppointmentSlot.objects.select_for_update().filter(pk=appointment.slot_id).update(booked=F("booked") - 1)
    appointment.status, appointment.cancelled_at = A.CANCELLED, timezone.now()
    appointment.save(update_fields=["status", "cancelled_at"])
    cancel_notifications(dedupe_key_prefix=f"services.appointment:{appointment.pk}:")
    notify(recipient=appointment.resident, event=events.APPOINTMENT_CANCELLED, context=_context(appointment))
    return appointment


@transaction.atomic
def appointment_reschedule(*, appointment: Appointment, actor, slot: AppointmentSlot) -> Appointment:
    appointment = _lock(appointment)
    permissions.require(_may_change(actor, appointment), _("只能改约自己的预约。"))
    APPOINTMENT_FLOW.check(appointment.status, A.BOOKED)
    if slot.pk == appointment.slot_id:
        raise InvalidTransition(_("请选择不同的时段。"), field="slot")  # the booking's own slot: 409
    if slot.centre_id != appointment.slot.centre_id:
        raise InvalidTransition(_("只能改约到同一服务中心。"), field="slot")
    # lock both slot rows in id order so two reschedules never deadlock
    for slot_id in sorted((slot.pk, appointment.slot_id)):
        if slot_id == slot.pk:
            new_slot = _take(slot_id)
        else:
            AppointmentSlot.objects.select_for_update().get(pk=slot_id)
    if Appointment.objects.filter(slot=new_slot, resident=appointment.resident, status=A.BOOKED).exists():
        raise Conflict(_("您已预约该时段。"), field="slot")
    AppointmentSlot.objects.filter(pk=appointment.slot_id).update(booked=F("booked") - 1)
    AppointmentSlot.objects.filter(pk=new_slot.pk).update(booked=F("booked") + 1)
    cancel_notifications(dedupe_key_prefix=f"services.appointment:{appointment.pk}:")
    appointment.slot = new_slot
    appointment.save(update_fields=["slot"])
    notify(recipient=appointment.resident, event=events.APPOINTMENT_BOOKED, context=_context(appointment),
           link=reverse("services:appointment_list"))
    _schedule_reminders(appointment)
    return appointment


@transaction.atomic
def appointment_check_in(*, appointment: Appointment, actor) -> QueueTicket:
    """On arrival: a Y-number that goes ahead of walk-ins once the slot has begun."""
    appointment = _lock(appointment)
    permissions.require(_may_change(actor, appointment), _("只能为自己的预约签到。"))
    APPOINTMENT_FLOW.check(appointment.status, A.CHECKED_IN)
    slot = appointment.slot
    if timezone.localdate(slot.start) != timezone.localdate():
        # Not today: 409 like any other "not in this state", the request itself is fine.
        raise InvalidTransition(_("只能在预约当天签到（预约时间 %(when)s）。") % {"when": _when(slot)})
    if timezone.now() > slot.end:
        raise InvalidTransition(_("预约时段已过，请现场取号。"))
    ticket = ticket_issue(centre=slot.centre, actor=actor, item=appointment.item, resident=appointment.resident,
                          kind=QueueTicket.Kind.APPOINTMENT, source=QueueTicket.Source.APPOINTMENT,
                          slot_start=slot.start)
    appointment.status, appointment.ticket = A.CHECKED_IN, ticket
    appointment.save(update_fields=["status", "ticket"])
    cancel_notifications(dedupe_key_prefix=f"services.appointment:{appointment.pk}:")
    return ticket


@transaction.atomic
def appointments_mark_no_show(*, before: datetime.datetime) -> int:
    """Appointments still booked after their slot ended become no-shows; their places stay counted."""
    stale = list(Appointment.objects.select_for_update().filter(status=A.BOOKED, slot__end__lt=before)
                 .values_list("pk", flat=True))
    return Appointment.objects.filter(pk__in=stale).update(status=A.NO_SHOW)
