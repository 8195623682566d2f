import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taijiang.core.access import deny_unless, login_required
from taijiang.core.http import parse_date, parse_id
from taijiang.core.pages import attempt

from .. import selectors, services
from ..forms import BookingForm
from ..models import Appointment, AppointmentSlot
from ..services.appointments import BOOKING_DAYS_AHEAD
from .queue import ticket_url


def _resident_centre(request):
    deny_unless(request.user.is_resident, _("预约供居民本人使用。"))
    centre = selectors.centre_for(request.user)
    if centre is None and request.user.building_id:
        from grid.models import ServiceCentre

        centre = ServiceCentre.objects.filter(community=request.user.building.grid.community_id).first()
    return centre


@login_required
def appointment_list(request):
    deny_unless(request.user.is_resident, _("预约供居民本人使用。"))
    return render(request, "services/appointments.html", {
        **selectors.appointments_by_date(request.user), "today": timezone.localdate(),
        "live_tickets": selectors.live_tickets_of(request.user),
    })


def _days():
    today = timezone.localdate()
    return [today + datetime.timedelta(days=n) for n in range(BOOKING_DAYS_AHEAD)]


@login_required
def appointment_book(request):
    centre = _resident_centre(request)
    if centre is None:
        messages.error(request, _("请先在个人资料中填写所在社区，再预约。"))
        return redirect("users:profile")
    days = _days()
    day = parse_date(request.GET.get("day"))
    if day not in days:
        day = days[0]
    reschedule = None
    if request.GET.get("reschedule"):
        reschedule = get_object_or_404(Appointment, pk=parse_id(request.GET["reschedule"]), resident=request.user)
    form = BookingForm(request.POST or None, initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        slot = get_object_or_404(AppointmentSlot, pk=form.cleaned_data["slot"], centre=centre)
        if reschedule:
            done = attempt(request, form, lambda: services.appointment_reschedule(appointment=reschedule,
                                                                              actor=request.user, slot=slot)).value
        else:
            done = attempt(request, form, lambda: services.appointment_book(
                resident=request.user, slot=slot, item=form.cleaned_data["item"], actor=request.user)).value
        if done:
            messages.success(request, _("预约成功：%(when)s。") % {
                "when": timezone.localtime(done.slot.start).strftime("%m-%d %H:%M")})
            return redirect("services:appointment_list")
    slots = [s for s in services.ensure_slots(centre=centre, day=day) if s.start > timezone.now()]
    return render(request, "services/appointment_book.html", {
        "centre": centre, "days": days, "day": day, "slots": slots, "form": form, "reschedule": reschedule})


@login_required
@require_POST
def appointment_action(request, pk, action):
    appointment = get_object_or_404(Appointment.objects.select_related("slot__centre"), pk=pk, resident=request.user)
    if action == "cancel":
        if attempt(request, None, lambda: services.appointment_cancel(appointment=appointment, actor=request.user)).value:
            messages.success(request, _("预约已取消。"))
    elif action == "check-in":
        ticket = attempt(request, None, lambda: services.appointment_check_in(appointment=appointment,
                                                                          actor=request.user)).value
        if ticket:
            return redirect(ticket_url(ticket))
    return redirect("services:appointment_list")
