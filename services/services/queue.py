"""The single queue: issuing numbers, call-next, recall, no-show, transfer, complete.

Two windows calling at the same instant never get the same ticket: on PostgreSQL the
candidate row is taken with SELECT … FOR UPDATE SKIP LOCKED (a caller skips a row another
caller is claiming and takes the next); on SQLite the whole write transaction is serialised
by the database write lock, taken first. Ticket numbers come from a per-centre-per-day counter
row incremented by one UPDATE (which holds the row lock until commit), backed by the unique
constraint (centre, service_date, number).
"""

import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.conf import setting_int
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition
from taijiang.notifications.services import notify

from .. import events, permissions
from ..models import QueueTicket, ServiceItem, ServiceRequest, TicketCounter, TicketEvent, TicketStatus, Window
from ..workflow import TICKET_FLOW
from .requests import request_accept, request_complete, request_start_review, request_submit

T = TicketStatus
# The resident this many places from the front gets a "your number is coming" notice.
COMING_SOON_AHEAD = 3
PREFIX = {QueueTicket.Kind.WALK_IN: "A", QueueTicket.Kind.APPOINTMENT: "Y"}


def recalls_before_no_show() -> int:
    """A called ticket is recalled at most this many times before it may be marked a no-show."""
    return setting_int("QUEUE_RECALLS_BEFORE_NO_SHOW")


def _next_sequence(centre, day, prefix) -> int:
    """Increment the day's counter with one UPDATE (row-locked until commit on PostgreSQL; on SQLite
    it takes the database write lock first, so no reader can later fail to upgrade)."""
    counters = TicketCounter.objects.filter(centre=centre, service_date=day, prefix=prefix)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():  # the first number of the day; a concurrent caller may win
                TicketCounter.objects.create(centre=centre, service_date=day, prefix=prefix, last=1)
                return 1
        except IntegrityError:
            counters.update(last=F("last") + 1)
    return counters.values_list("last", flat=True).get()


def _log(ticket, *, action, actor, previous="", window=None, note="") -> None:
    TicketEvent.objects.create(ticket=ticket, action=action, from_status=previous, to_status=ticket.status,
                               window=window, actor=actor, note=note[:200])


@transaction.atomic
def ticket_issue(*, centre, actor=None, item: ServiceItem | None = None, resident=None,
                 kind: str = QueueTicket.Kind.WALK_IN, source: str = QueueTicket.Source.KIOSK,
                 is_priority: bool = False, priority_reason: str = "", slot_start=None) -> QueueTicket:
    """Issue today's next number at a centre. Priority is only granted by staff who verified it."""
    if is_priority:
        permissions.require(actor is not None and permissions.can_operate_centre(actor, centre),
                            _("优先号须由工作人员核验后发放。"))
        if not priority_reason.strip():
            raise DomainError(_("请选择优先原因（如 70 岁以上、残疾人、孕妇、现役军人或退役军人）。"),
                              field="priority_reason")
    now = timezone.now()
    day = timezone.localdate(now)
    prefix = PREFIX[kind]
    sequence = _next_sequence(centre, day, prefix)
    ticket = QueueTicket.objects.create(
        centre=centre, service_date=day, number=f"{prefix}{sequence:03d}", sequence=sequence, kind=kind,
        source=source, is_priority=is_priority, priority_reason=priority_reason.strip() if is_priority else "",
        priority_verified_by=actor if is_priority else None, slot_start=slot_start, item=item,
        resident=resident, issued_at=now,
    )
    _log(ticket, action="issue", actor=actor, note=priority_reason)
    return ticket


@transaction.atomic
def ticket_verify_priority(*, ticket: QueueTicket, actor, reason: str) -> QueueTicket:
    ticket = _lock(ticket)
    permissions.require(permissions.can_operate_centre(actor, ticket.centre), _("只有本中心工作人员可以核验优先。"))
    if ticket.status != T.WAITING:
        raise DomainError(_("只有等候中的号可以设为优先。"))
    if not reason.strip():
        raise DomainError(_("请选择优先原因（如 70 岁以上、残疾人、孕妇、现役军人或退役军人）。"),
                          field="priority_reason")
    ticket.is_priority, ticket.priority_reason, ticket.priority_verified_by = True, reason.strip(), actor
    ticket.save(update_fields=["is_priority", "priority_reason", "priority_verified_by"])
    _log(ticket, action="priority", actor=actor, previous=ticket.status, note=reason)
    return ticket


def _lock(ticket) -> QueueTicket:
    return QueueTicket.objects.select_for_update(of=("self",)).select_related("centre").get(pk=ticket.pk)


def _check_window(window: Window, actor) -> Window:
    if connection.vendor == "sqlite":
        # Take SQLite's write lock before reading the queue, so concurrent callers wait their turn
        # instead of reading the same ticket and failing to upgrade their read transaction.
        Window.objects.filter(pk=window.pk).update(is_open=F("is_open"))
    window = Window.objects.select_for_update().select_related("centre").get(pk=window.pk)
    permissions.require(permissions.can_operate_centre(actor, window.centre), _("您不是本中心的窗口人员。"))
    return window


def waiting_order(window: Window, now: datetime.datetime):
    """Who is next at `window`: tickets handed to it, priority holders, appointments whose time has come,
    then everyone else first come first served."""
    return (
        QueueTicket.objects.filter(centre_id=window.centre_id, service_date=timezone.localdate(now),
                                   status=T.WAITING)
        .filter(Q(reserved_for__isnull=True) | Q(reserved_for=window))
        .annotate(rank=Case(
            When(reserved_for=window, then=Value(0)),
            When(is_priority=True, then=Value(1)),
            When(kind=QueueTicket.Kind.APPOINTMENT, slot_start__lte=now, then=Value(2)),
            default=Value(3), output_field=IntegerField()))
        .order_by("rank", "issued_at", "pk")
    )


@transaction.atomic
def ticket_call_next(*, window: Window, actor) -> QueueTicket | None:
    """Give `window` the next waiting ticket, or None when nobody waits."""
    window = _check_window(window, actor)
    if not window.is_open:
        raise InvalidTransition(_("%(window)s 未开启，请先开窗再叫号。") % {"window": window})  # 409: open it first
    holding = QueueTicket.objects.filter(window=window, status__in=(T.CALLED, T.SERVING)).first()
    if holding is not None:
        raise Conflict(_("本窗口的 %(number)s 号尚未处理完，请先办结、转办或标记过号。") % {"number": holding.number})
    now = timezone.now()
    candidates = waiting_order(window, now)
    if connection.vendor == "postgresql":
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    ticket = candidates.first()
    if ticket is None:
        return None
    previous = ticket.status
    TICKET_FLOW.check(previous, T.CALLED)
    ticket.status, ticket.window, ticket.called_at, ticket.reserved_for = T.CALLED, window, now, None
    ticket.save(update_fields=["status", "window", "called_at", "reserved_for"])
    _log(ticket, action="call", actor=actor, previous=previous, window=window)
    if ticket.resident_id:
        notify(recipient=ticket.resident, event=events.TICKET_CALLED,
               context={"number": ticket.number, "window": str(window)}, link=reverse("services:my_tickets"))
    _tell_next_in_line(window, now)
    return ticket


def _tell_next_in_line(window: Window, now) -> None:
    """Tell the resident who is now COMING_SOON_AHEAD places from the front (once per ticket)."""
    soon = waiting_order(window, now).select_related("resident")[COMING_SOON_AHEAD - 1:COMING_SOON_AHEAD]
    for ticket in soon:
        if ticket.resident_id is None:
            continue
        notify(recipient=ticket.resident, event=events.TICKET_SOON,
               context={"number": ticket.number, "ahead": COMING_SOON_AHEAD - 1},
               link=reverse("services:my_tickets"), dedupe_key=f"services.ticket:{ticket.pk}:soon")


def _held(ticket_id, window: Window, actor, *, allowed=(T.CALLED, T.SERVING)) -> tuple[QueueTicket, Window]:
    window = _check_window(window, actor)
    ticket = QueueTicket.objects.select_for_update(of=("self",)).select_related("window").get(pk=ticket_id)
    if ticket.centre_id != window.centre_id:
        raise DomainError(_("该号不属于本中心。"))
    if ticket.window_id and ticket.window_id != window.pk and ticket.status in (T.CALLED, T.SERVING):
        raise Conflict(_("%(number)s 号正由 %(window)s 办理，不能在本窗口操作。")
                       % {"number": ticket.number, "window": ticket.window})
    if ticket.status not in allowed or ticket.window_id != window.pk:
        raise InvalidTransition(_("%(number)s 号当前为“%(status)s”，不能在本窗口执行此操作。")
                                % {"number": ticket.number, "status": ticket.get_status_display()})
    return ticket, window


@transaction.atomic
def ticket_recall(*, ticket: QueueTicket, window: Window, actor) -> QueueTicket:
    ticket, window = _held(ticket.pk, window, actor, allowed=(T.CALLED,))
    if ticket.recall_count >= recalls_before_no_show():
        raise InvalidTransition(_("已重呼 %(n)s 次，请标记过号。") % {"n": ticket.recall_count})
    ticket.recall_count += 1
    ticket.called_at = timezone.now()
    ticket.save(update_fields=["recall_count", "called_at"])
    _log(ticket, action="recall", actor=actor, previous=T.CALLED, window=window)
    return ticket


@transaction.atomic
def ticket_no_show(*, ticket: QueueTicket, window: Window, actor) -> QueueTicket:
    ticket, window = _held(ticket.pk, window, actor, allowed=(T.CALLED,))
    needed = recalls_before_no_show()
    if ticket.recall_count < needed:
        raise InvalidTransition(_("请先重呼（已重呼 %(done)s 次，需 %(n)s 次后才能标记过号）。")
                                % {"done": ticket.recall_count, "n": needed})
    TICKET_FLOW.check(ticket.status, T.NO_SHOW)
    ticket.status, ticket.completed_at = T.NO_SHOW, timezone.now()
    ticket.save(update_fields=["status", "completed_at"])
    _log(ticket, action="no_show", actor=actor, previous=T.CALLED, window=window)
    return ticket


@transaction.atomic
def ticket_start(*, ticket: QueueTicket, window: Window, actor) -> QueueTicket:
    ticket, window = _held(ticket.pk, window, actor, allowed=(T.CALLED,))
    TICKET_FLOW.check(ticket.status, T.SERVING)
    ticket.status, ticket.served_at = T.SERVING, timezone.now()
    ticket.save(update_fields=["status", "served_at"])
    _log(ticket, action="serve", actor=actor, previous=T.CALLED, window=window)
    return ticket


@transaction.atomic
def ticket_transfer(*, ticket: QueueTicket, window: Window, actor, to_window: Window | None = None,
                    to_street: bool = False, note: str = "") -> QueueTicket:
    """Hand the ticket to another window of the centre (it waits there first) or to the street."""
    ticket, window = _held(ticket.pk, window, actor)
    previous = ticket.status
    if to_street == (to_window is not None):
        raise DomainError(_("请选择转给另一个窗口或转街道。"), field="to_window")
    if to_window is not None:
        if to_window.centre_id != window.centre_id or to_window.pk == window.pk:
            raise DomainError(_("只能转给本中心的其他窗口。"), field="to_window")
        # lock the target so it cannot close between this check and the hand-over (closing releases
        # the tickets reserved for it, see window_set_open)
        to_window = Window.objects.select_for_update().get(pk=to_window.pk)
        if not to_window.is_open:
            raise DomainError(_("%(window)s 未开启，不能转入；请转给正在服务的窗口。") % {"window": to_window},
                              field="to_window")
        TICKET_FLOW.check(previous, T.WAITING)
        ticket.status, ticket.reserved_for, ticket.window = T.WAITING, to_window, None
        ticket.save(update_fields=["status", "reserved_for", "window"])
        _log(ticket, action="transfer", actor=actor, previous=previous, window=window,
             note=_("转 %(window)s") % {"window": to_window} + (f"：{note}" if note else ""))
        return ticket
    TICKET_FLOW.check(previous, T.TRANSFERRED)
    ticket.status, ticket.completed_at, ticket.note = T.TRANSFERRED, timezone.now(), note[:200]
    ticket.save(update_fields=["status", "completed_at", "note"])
    _log(ticket, action="transfer_street", actor=actor, previous=previous, window=window, note=note)
    return ticket


@transaction.atomic
def ticket_complete(*, ticket: QueueTicket, window: Window, actor, handled=(), applicant_name: str = "",
                    note: str = "") -> QueueTicket:
    """Finish the ticket with the items handled. Each handled entry is a ServiceRequest (linked) or a
    ServiceItem (a window request is created for it, accepted on the spot)."""
    ticket, window = _held(ticket.pk, window, actor)
    previous = ticket.status
    TICKET_FLOW.check(previous, T.COMPLETED)
    community = ticket.centre.community
    requests = []
    for entry in handled:
        if isinstance(entry, ServiceRequest):
            if entry.community_id != getattr(community, "pk", None):
                raise DomainError(_("办件 %(number)s 不属于本社区。") % {"number": entry.number}, field="handled")
            requests.append(entry)
            continue
        if community is None:
            raise DomainError(_("街道中心请从办件列表登记办件。"), field="handled")
        on_the_spot = entry.promised_days == 0  # 即办: done at the window, nothing left to follow
        if not applicant_name and not ticket.resident_id and not on_the_spot:
            # A case that stays open needs someone to tell when it is done.
            raise DomainError(_("“%(item)s”不能当场办结，请填写申请人姓名（有账号的居民请用其手机号取号）。")
                              % {"item": entry.name}, field="applicant_name")
        name = applicant_name or (ticket.resident.name if ticket.resident_id else _("窗口来访居民（%(number)s）")
                                  % {"number": ticket.number})
        request = request_submit(item=entry, actor=actor, community=community, applicant=ticket.resident,
                                 applicant_name=name, channel=ServiceRequest.Channel.WINDOW)
        request_start_review(request=request, actor=actor)
        request = request_accept(request=request, actor=actor, note=_("窗口当场受理（%(number)s）")
                                 % {"number": ticket.number})
        if on_the_spot:
            request = request_complete(request=request, actor=actor, result=_("窗口即办（%(number)s）")
                                       % {"number": ticket.number})
        requests.append(request)
    ticket.status, ticket.completed_at, ticket.note = T.COMPLETED, timezone.now(), note[:200]
    if ticket.served_at is None:
        ticket.served_at = ticket.called_at
    ticket.save(update_fields=["status", "completed_at", "served_at", "note"])
    if requests:
        ticket.requests.add(*requests)
    _log(ticket, action="complete", actor=actor, previous=previous, window=window,
         note=", ".join(r.number for r in requests))
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket: QueueTicket, actor) -> QueueTicket:
    ticket = _lock(ticket)
    own = ticket.resident_id is not None and ticket.resident_id == actor.pk
    permissions.require(own or permissions.can_operate_centre(actor, ticket.centre), _("只能取消自己的号。"))
    TICKET_FLOW.check(ticket.status, T.CANCELLED)
    previous = ticket.status
    ticket.status, ticket.completed_at = T.CANCELLED, timezone.now()
    ticket.save(update_fields=["status", "completed_at"])
    _log(ticket, action="cancel", actor=actor, previous=previous)
    return ticket


@transaction.atomic
def window_set_open(*, window: Window, actor, is_open: bool) -> Window:
    window = _check_window(window, actor)
    if not is_open and QueueTicket.objects.filter(window=window, status__in=(T.CALLED, T.SERVING)).exists():
        raise Conflict(_("本窗口还有未处理完的号，不能关窗。"))
    window.is_open = is_open
    window.staff = actor if is_open else None
    window.save(update_fields=["is_open", "staff"])
    if not is_open:
        # tickets handed to this window go back to the common queue, keeping their place in it
        for ticket in QueueTicket.objects.select_for_update(of=("self",)).filter(reserved_for=window,
                                                                                  status=T.WAITING):
            ticket.reserved_for = None
            ticket.save(update_fields=["reserved_for"])
            _log(ticket, action="release", actor=actor, previous=ticket.status, window=window,
                 note=_("%(window)s 关窗，回到排队") % {"window": window})
    return window
