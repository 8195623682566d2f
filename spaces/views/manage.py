"""Pages for community / street admins: rooms, slices, approvals, activities, figures."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grid.models import ServiceCentre
from taijiang.core.pages import Action, attempt, run_action
from taijiang.users.scope import scope_for

from .. import selectors, services
from ..forms import ActivityForm, ExceptionForm, PhotoForm, ReasonForm, RecordForm, RoomForm, SliceForm
from ..models import Activity, BookingStatus, Room, SignUpStatus, SliceException, TimeSlice
from .common import admin_page, appeal_url, staff_page


def _centres(user):
    return scope_for(user).filter(ServiceCentre.objects.all(), community="community", street="street")


def _managed_room(request, pk) -> Room:
    return get_object_or_404(selectors.rooms_managed_by(request.user), pk=pk)


@admin_page
def manage_rooms(request):
    rooms = selectors.rooms_managed_by(request.user).order_by("centre__name", "name")
    return render(request, "spaces/manage/rooms.html", {"rooms": rooms})


@admin_page
def room_edit(request, pk=None):
    room = _managed_room(request, pk) if pk else None
    form = RoomForm(request.POST or None, instance=room, centres=_centres(request.user))
    photo_form = PhotoForm()
    if request.method == "POST" and form.is_valid():
        saved = attempt(request, form, lambda: services.room_save(room=form.save(commit=False), actor=request.user),
                        inline_forbidden=True)
        if saved:
            messages.success(request, _("房间已保存。"))
            return redirect("spaces:room_edit", pk=saved.value.pk)
    return render(request, "spaces/manage/room_form.html", {"form": form, "room": room, "photo_form": photo_form})


@admin_page
@require_POST
def room_photo_add(request, pk):
    room = _managed_room(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    elif attempt(request, None, lambda: services.room_add_photo(
            room=room, actor=request.user, upload=form.cleaned_data["image"], caption=form.cleaned_data["caption"]),
            inline_forbidden=True):
        messages.success(request, _("照片已上传。"))
    return redirect("spaces:room_edit", pk=room.pk)


@admin_page
def room_slices(request, pk):
    room = _managed_room(request, pk)
    slice_form = SliceForm(request.POST if "add_slice" in request.POST else None, prefix="s")
    exception_form = ExceptionForm(request.POST if "add_exception" in request.POST else None, prefix="e")
    if request.method == "POST":
        form = slice_form if "add_slice" in request.POST else exception_form
        if form.is_valid():
            obj = form.save(commit=False)
            obj.room = room
            if attempt(request, form, lambda: services.slice_save(time_slice=obj, actor=request.user)
                       if form is slice_form else services.slice_exception_save(exception=obj, actor=request.user),
                       inline_forbidden=True):
                messages.success(request, _("已保存。"))
                return redirect("spaces:room_slices", pk=room.pk)
    return render(request, "spaces/manage/slices.html", {
        "room": room, "slices": room.slices.all(), "exceptions": room.exceptions.filter(date__gte=timezone.localdate()),
        "slice_form": slice_form, "exception_form": exception_form})


def _in_managed_room(request, model, pk):
    """A slice or date exception of a room this admin manages (404 otherwise)."""
    qs = model.objects.filter(room__in=selectors.rooms_managed_by(request.user)).select_related("room__centre")
    return get_object_or_404(qs, pk=pk)


def _delete_in_room(request, model, pk, delete, done):
    row = _in_managed_room(request, model, pk)
    delete(row)
    messages.success(request, done)
    return redirect("spaces:room_slices", pk=row.room_id)


@admin_page
@require_POST
def slice_delete(request, pk):
    return _delete_in_room(request, TimeSlice, pk, lambda row: services.slice_delete(time_slice=row, actor=request.user),
                           _("时段已删除。"))


@admin_page
@require_POST
def exception_delete(request, pk):
    return _delete_in_room(request, SliceException, pk,
                           lambda row: services.slice_exception_delete(exception=row, actor=request.user),
                           _("日期例外已删除。"))


@admin_page
def approvals(request):
    return render(request, "spaces/manage/approvals.html", {
        "pending": selectors.pending_approvals(request.user)[:200], "reason_form": ReasonForm()})


DECISIONS = {
    "approve": Action(lambda r, booking, d: services.booking_approve(booking=booking, actor=r.user), _("已通过。")),
    "reject": Action(lambda r, booking, d: services.booking_reject(booking=booking, actor=r.user,
                                                                   reason=r.POST.get("reason", "")), _("已退回。")),
}


@admin_page
@require_POST
def booking_decide(request, pk):
    booking = get_object_or_404(selectors.bookings_managed_by(request.user), pk=pk, status=BookingStatus.PENDING)
    decision = "approve" if request.POST.get("decision") == "approve" else "reject"
    run_action(request, DECISIONS, decision, booking, messages_only=True, inline_forbidden=True)
    return redirect("spaces:approvals")


@staff_page
def manage_bookings(request):
    """The centre's bookings around today; window staff use it to check people in."""
    day = timezone.localdate()
    managed = selectors.bookings_managed_by(request.user)
    filtered = selectors.filter_booking_list(managed, request.GET)
    if filtered is not None:  # opened from a dashboard figure: exactly the bookings it counts
        page = Paginator(filtered, 50).get_page(request.GET.get("page"))
        kept = urlencode({k: v for k, v in request.GET.items() if k in selectors.LIST_FILTERS})
        return render(request, "spaces/manage/bookings.html", {"bookings": page.object_list, "page": page,
                                                               "today": day, "kept_query": kept})
    qs = managed.filter(end__gte=timezone.now() - datetime.timedelta(days=1)).order_by("start")[:200]
    return render(request, "spaces/manage/bookings.html", {"bookings": qs, "today": day})


@admin_page
def activity_create(request):
    rooms = selectors.rooms_managed_by(request.user).filter(is_active=True)
    form = ActivityForm(request.POST or None, rooms=rooms)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        published = attempt(request, form, lambda: services.activity_publish(
            actor=request.user, room=data["room"], start=data["start"], end=data["end"], kind=data["kind"],
            title=data["title"], capacity=data["capacity"], description=data["description"],
            agenda=data["agenda"], waitlist=data["waitlist"],
            appeal_numbers=services.parse_appeal_numbers(data["appeal_numbers"])), inline_forbidden=True)
        if published:
            messages.success(request, _("活动已发布。"))
            return redirect("spaces:activity_manage", pk=published.value.pk)
    return render(request, "spaces/manage/activity_form.html", {"form": form})


def _managed_activity(request, pk) -> Activity:
    qs = Activity.objects.filter(booking__room__in=selectors.rooms_managed_by(request.user))
    return get_object_or_404(qs.select_related("booking__room__centre"), pk=pk)


def _record_form(request, activity):
    numbers = " ".join(activity.appeal_links.values_list("number", flat=True))
    return RecordForm(request.POST if request.method == "POST" else None,
                      initial={"agenda": activity.agenda, "minutes": activity.minutes, "appeal_numbers": numbers})


ACTIVITY_ACTIONS = {
    "attendance": Action(lambda r, activity, d: services.activity_mark_attendance(
        activity=activity, actor=r.user, attended_ids=r.POST.getlist("attended")), gettext_lazy("到场情况已保存。")),
    "cancel": Action(lambda r, activity, d: services.activity_cancel(
        activity=activity, actor=r.user, reason=r.POST.get("reason", "")), gettext_lazy("活动已取消，已通知报名居民。")),
    "record": Action(lambda r, activity, d: services.activity_update_record(
        activity=activity, actor=r.user, agenda=d["agenda"], minutes=d["minutes"],
        appeal_numbers=services.parse_appeal_numbers(d["appeal_numbers"])), gettext_lazy("已保存。"), form=_record_form),
}


@admin_page
def activity_manage(request, pk):
    activity = _managed_activity(request, pk)
    form = _record_form(request, activity)
    if request.method == "POST":
        action = request.POST.get("action")
        outcome = run_action(request, ACTIVITY_ACTIONS, action if action in ("attendance", "cancel") else "record",
                             activity, inline_forbidden=True)
        if outcome:
            return redirect("spaces:activity_manage", pk=pk)
        form = outcome.form or form
    signups = activity.signups.exclude(status=SignUpStatus.CANCELLED).select_related("resident")
    links = [{"number": link.number, "url": appeal_url(link.number)} for link in activity.appeal_links.all()]
    return render(request, "spaces/manage/activity_manage.html", {
        "activity": activity, "form": form, "signups": signups, "links": links})


@admin_page
def manage_activities(request):
    qs = selectors.activities_listed().filter(booking__room__in=selectors.rooms_managed_by(request.user))
    return render(request, "spaces/manage/activities.html", {"activities": qs.order_by("-booking__start")[:200]})


@admin_page
def figures(request):
    weeks = 4
    today = timezone.localdate()
    date_from = today - datetime.timedelta(weeks=weeks)
    rooms = list(selectors.rooms_managed_by(request.user).filter(is_active=True))
    centres = _centres(request.user).filter(rooms__isnull=False).distinct()
    return render(request, "spaces/manage/figures.html", {
        "weeks": weeks, "date_from": date_from, "today": today,
        "util": selectors.utilisation(rooms=rooms, date_from=date_from, date_to=today - datetime.timedelta(days=1)),
        "shares": selectors.office_shares(centres),
        "no_shows": selectors.no_show_rate(rooms=rooms, date_from=date_from, date_to=today),
        "underused": selectors.underused_slices(weeks=weeks, rooms=rooms, today=today),
        "weekdays": [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")],
    })


