from typing import NamedTuple

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grid.models import ServiceCentre
from taijiang.core.access import deny_unless, login_required
from taijiang.core.http import parse_id, parse_ids
from taijiang.core.pages import Action, attempt, run_action

from .. import permissions, selectors, services, throttle
from ..forms import PRIORITY_REASONS, KioskForm, StaffTicketForm
from ..models import QueueTicket, ServiceItem, ServiceRequest, Window

TICKET_SALT = "services.ticket"


def ticket_url(ticket) -> str:
    return reverse("services:ticket_status", args=[signing.dumps(ticket.pk, salt=TICKET_SALT)])


def _staff_centre(request):
    deny_unless(permissions.is_counter_staff(request.user), _("叫号台仅供窗口人员使用。"))
    centre = selectors.centre_for(request.user)
    deny_unless(centre is not None, _("叫号台在您所属社区的服务中心使用；您的账号没有所属社区中心。"))
    return centre


def _window(request, centre, window_id) -> Window:
    if (pk := parse_id(window_id)) is None:
        raise Http404
    return get_object_or_404(Window.objects.select_related("centre", "staff"), pk=pk, centre=centre)


def _panel_context(request, centre, window):
    current = None
    if window is not None:
        current = (QueueTicket.objects.filter(window=window, status__in=("called", "serving"))
                   .select_related("item", "resident").first())
    return {
        "centre": centre, "window": window, "current": current,
        "windows": selectors.windows_of(centre), "waiting": selectors.waiting_tickets(centre)[:50],
        "ticket_form": StaffTicketForm(), "recalls_max": services.recalls_before_no_show(),
        "priority_reasons": PRIORITY_REASONS,
        "items": ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE).only("pk", "name", "code", "promised_days"),
        "appointments": selectors.appointments_today(centre)[:30],
    }


@login_required
def console(request):
    centre = _staff_centre(request)
    windows = selectors.windows_of(centre)
    window = None
    if request.GET.get("window"):
        window = _window(request, centre, request.GET["window"])
    else:
        window = next((w for w in windows if w.staff_id == request.user.pk), None)
    return render(request, "services/console.html", _panel_context(request, centre, window))


@login_required
def console_waiting(request):
    centre = _staff_centre(request)
    return _waiting(request, centre)


def _waiting(request, centre, *, show_messages=False):
    return render(request, "services/_waiting.html", {"waiting": selectors.waiting_tickets(centre)[:50],
                                                       "centre": centre, "priority_reasons": PRIORITY_REASONS,
                                                       "show_messages": show_messages})


def _respond(request, centre, window):
    if request.htmx:
        return render(request, "services/_panel.html", _panel_context(request, centre, window))
    return redirect(f"{reverse('services:console')}?window={window.pk}")


def _open_window(request, window, data):
    opened = services.window_set_open(window=window, actor=request.user, is_open=True)
    _warn_if_nobody_rostered(request, window.centre)
    return opened


def _call_next(request, window, data):
    ticket = services.ticket_call_next(window=window, actor=request.user)
    if ticket is None:
        messages.info(request, _("目前没有等候的号。"))
    return ticket


WINDOW_ACTIONS = {
    "open": Action(_open_window),
    "close": Action(lambda r, window, d: services.window_set_open(window=window, actor=r.user, is_open=False)),
    "call-next": Action(_call_next),
}


@login_required
@require_POST
def window_action(request, window_id, action):
    centre = _staff_centre(request)
    window = _window(request, centre, window_id)
    run_action(request, WINDOW_ACTIONS, action, window, messages_only=True)
    window.refresh_from_db()
    return _respond(request, centre, window)


def _warn_if_nobody_rostered(request, centre) -> None:
    from django.utils import timezone

    from rota.selectors import rostered_at

    if rostered_at(centre, timezone.now()) is False:  # None: no published rota this month, nothing to check
        messages.warning(request, _("窗口已开，但当前时段排班表上没有人值班，请与社区管理员确认。"))


class AtWindow(NamedTuple):
    """What a ticket action works on: the ticket, and the window it is handled at (none for priority)."""

    ticket: QueueTicket
    window: Window | None
    centre: ServiceCentre


def _transfer(request, at, data):
    target = request.POST.get("to_window")
    to_window = Window.objects.filter(pk__in=parse_ids([target]), centre=at.centre).first()
    return services.ticket_transfer(ticket=at.ticket, window=at.window, actor=request.user, to_window=to_window,
                                    to_street=target == "street", note=request.POST.get("note", ""))


def _complete(request, at, data):
    items = list(ServiceItem.objects.filter(pk__in=parse_ids(request.POST.getlist("items")), status="active"))
    numbers = [n.strip() for n in request.POST.get("requests", "").replace("，", ",").split(",") if n.strip()]
    linked = list(ServiceRequest.objects.filter(number__in=numbers, community=at.centre.community))
    if len(linked) != len(numbers):
        raise ValidationError(_("办件编号有误或不属于本社区：%(numbers)s") % {"numbers": "、".join(
            sorted(set(numbers) - {r.number for r in linked}))})
    return services.ticket_complete(ticket=at.ticket, window=at.window, actor=request.user, handled=linked + items,
                                    applicant_name=request.POST.get("applicant_name", "")[:50])


def _verify_priority(request, at, data):
    reason = request.POST.get("priority_reason", "")
    if reason not in dict(PRIORITY_REASONS):
        raise ValidationError(_("请选择优先原因（如 70 岁以上、残疾人、孕妇、现役军人或退役军人）。"))
    services.ticket_verify_priority(ticket=at.ticket, actor=request.user, reason=reason)
    return {"number": at.ticket.number, "reason": reason}


TICKET_ACTIONS = {
    "recall": Action(lambda r, at, d: services.ticket_recall(ticket=at.ticket, window=at.window, actor=r.user),
                     lambda t: gettext_lazy("已重呼 %(number)s 号。") % {"number": t.number}),
    "no-show": Action(lambda r, at, d: services.ticket_no_show(ticket=at.ticket, window=at.window, actor=r.user),
                      lambda t: gettext_lazy("%(number)s 号已过号。") % {"number": t.number}),
    "serve": Action(lambda r, at, d: services.ticket_start(ticket=at.ticket, window=at.window, actor=r.user)),
    "transfer": Action(_transfer, lambda t: (gettext_lazy("%(number)s 号已转 %(window)s，在那里优先叫号。")
                                             % {"number": t.number, "window": t.reserved_for} if t.reserved_for_id
                                             else gettext_lazy("%(number)s 号已转街道办理。") % {"number": t.number})),
    "complete": Action(_complete, lambda done: gettext_lazy("%(number)s 号已办结。") % {"number": done.number}),
    "priority": Action(_verify_priority, lambda verified: gettext_lazy("%(number)s 号已核验为优先（%(reason)s）。") % verified),
}


@login_required
@require_POST
def ticket_action(request, ticket_id, action):
    centre = _staff_centre(request)
    ticket = get_object_or_404(QueueTicket, pk=ticket_id, centre=centre)
    # Verifying priority happens in the waiting list, not at a window.
    window = _window(request, centre, request.POST.get("window") or 0) if action != "priority" else None
    run_action(request, TICKET_ACTIONS, action, AtWindow(ticket, window, centre), messages_only=True)
    if action == "priority":
        return _waiting(request, centre, show_messages=True) if request.htmx else redirect("services:console")
    return _respond(request, centre, window)


@login_required
@require_POST
def staff_issue(request):
    centre = _staff_centre(request)
    form = StaffTicketForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["priority_reason"]
        ticket = attempt(request, None, lambda: services.ticket_issue(
            centre=centre, actor=request.user, item=form.cleaned_data["item"], source=QueueTicket.Source.STAFF,
            is_priority=bool(reason), priority_reason=reason)).value
        if ticket:
            messages.success(request, _("已取号 %(number)s。") % {"number": ticket.number})
    return redirect(request.POST.get("next") if (request.POST.get("next") or "").startswith("/services/")
                    else "services:console")


# --- public screens -------------------------------------------------------------------

def display(request, centre_id):
    centre = get_object_or_404(ServiceCentre, pk=centre_id)
    return render(request, "services/display.html", {"centre": centre, **_display_context(centre)})


def display_board(request, centre_id):
    centre = get_object_or_404(ServiceCentre, pk=centre_id)
    return render(request, "services/_board.html", {"centre": centre, **_display_context(centre)})


def _display_context(centre):
    return {"calls": selectors.current_calls(centre)[:8], "next_numbers": selectors.waiting_tickets(centre)[:10]}


def kiosk(request, centre_id):
    centre = get_object_or_404(ServiceCentre, pk=centre_id)
    form = KioskForm(request.POST or None)
    hours = selectors.kiosk_hours(centre)
    if request.method == "POST" and not hours["open"]:
        # Outside hours nobody calls numbers: say when windows open instead of issuing one.
        return render(request, "services/kiosk.html", {"centre": centre, "form": form, "hours": hours,
                                                       "refused": True}, status=409)
    if request.method == "POST" and form.is_valid():
        staff = request.user.is_authenticated and permissions.can_operate_centre(request.user, centre)
        trusted = staff or throttle.is_registered_kiosk(request, centre)
        if not trusted and not throttle.kiosk_allows(request):
            limit, seconds = throttle.kiosk_limit()
            return render(request, "services/kiosk_limited.html", {"centre": centre, "minutes": max(seconds // 60, 1),
                                                                    "limit": limit}, status=429)
        resident = request.user if request.user.is_authenticated and request.user.is_resident else None
        ticket = services.ticket_issue(centre=centre, item=form.cleaned_data["item"], resident=resident,
                                       source=QueueTicket.Source.KIOSK)
        return redirect(ticket_url(ticket))
    return render(request, "services/kiosk.html", {
        "centre": centre, "form": form, "hours": hours,
        "can_register": request.user.is_authenticated and permissions.can_operate_centre(request.user, centre),
        "registered": throttle.is_registered_kiosk(request, centre),
    })


@require_POST
def kiosk_register(request, centre_id):
    """Staff of the centre mark this browser as the hall's kiosk, exempt from the per-address limit."""
    centre = get_object_or_404(ServiceCentre, pk=centre_id)
    if not (request.user.is_authenticated and permissions.can_operate_centre(request.user, centre)):
        raise PermissionDenied(_("只有本中心的工作人员可以设置取号机。"))
    messages.success(request, _("本机已设为大厅取号机，取号不再受次数限制。"))
    response = redirect("services:kiosk", centre_id=centre.pk)
    throttle.register_kiosk(response, centre)
    return response


def ticket_status(request, token):
    try:
        ticket_id = signing.loads(token, salt=TICKET_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        raise Http404
    ticket = get_object_or_404(QueueTicket.objects.select_related("centre", "window", "item"), pk=ticket_id)
    template = "services/_ticket_status.html" if request.htmx else "services/ticket_status.html"
    return render(request, template, {"ticket": ticket, "position": selectors.ticket_position(ticket),
                                      "token": token})


@login_required
def my_tickets(request):
    from django.utils import timezone

    tickets = QueueTicket.objects.filter(resident=request.user, service_date=timezone.localdate())\
        .select_related("centre", "window")
    return render(request, "services/my_tickets.html", {"tickets": [(t, ticket_url(t)) for t in tickets]})


@login_required
@require_POST
def appointment_check_in(request, appointment_id):
    """Window staff check in a resident who booked (the resident can also do it on their phone)."""
    from ..models import Appointment

    centre = _staff_centre(request)
    appointment = get_object_or_404(Appointment, pk=appointment_id, slot__centre=centre)
    ticket = attempt(request, None, lambda: services.appointment_check_in(appointment=appointment, actor=request.user)).value
    if ticket:
        messages.success(request, _("已签到，排队号 %(number)s。") % {"number": ticket.number})
    return redirect("services:console")
