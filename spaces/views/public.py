"""Pages for everyone logged in: rooms, calendars, booking, my bookings, activities."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taijiang.core.access import login_required
from taijiang.core.http import parse_id, safe_next_url
from taijiang.core.pages import attempt
from taijiang.core.uploads import serve_upload

from .. import selectors, services
from ..calendar import week_of
from ..forms import BookingForm
from ..models import Activity, Room, RoomPhoto, SignUp, SignUpStatus
from ..permissions import is_staff
from .common import appeal_url, day_param

ACTIVITIES_PER_PAGE = 30


def _next(request) -> str:
    return safe_next_url(request, request.POST.get("next"), reverse("spaces:my_bookings"))


@login_required
def rooms(request):
    qs = selectors.rooms_listed(request.user).filter(bookable=True)
    if not is_staff(request.user):  # residents are not offered rooms only staff may book
        qs = qs.exclude(bookers=Room.Bookers.STAFF)
    if centre := parse_id(request.GET.get("centre")):
        qs = qs.filter(centre_id=centre)
    elif request.user.community_id:
        qs = qs.filter(centre__community_id=request.user.community_id)
    return render(request, "spaces/rooms.html", {"rooms": qs})


def _room(pk):
    return get_object_or_404(selectors.with_calendar(selectors.rooms_listed()), pk=pk)


@login_required
def room_detail(request, pk):
    room = _room(pk)
    may_book = room.bookable and (is_staff(request.user) or room.bookers != Room.Bookers.STAFF)
    return render(request, "spaces/room_detail.html", {"room": room, "slices": room.slices.all(),
                                                       "may_book": may_book})


@login_required
def room_day(request, pk):
    room = _room(pk)
    day = day_param(request)
    return render(request, "spaces/room_day.html", {
        "room": room, "view": selectors.day_view(room, day),
        "prev": day - datetime.timedelta(days=1), "next": day + datetime.timedelta(days=1)})


@login_required
def room_week(request, pk):
    room = _room(pk)
    days = week_of(day_param(request))
    return render(request, "spaces/room_week.html", {
        "room": room, "week": selectors.week_view(room, days),
        "prev": days[0] - datetime.timedelta(days=7), "next": days[0] + datetime.timedelta(days=7)})


@login_required
def room_photo(request, pk):
    photo = get_object_or_404(RoomPhoto.objects.select_related("room"), pk=pk, room__is_active=True)
    return serve_upload(photo.image, personal=False)  # a room's photo shows no one's personal data


@login_required
def book(request, pk):
    room = _room(pk)
    form = BookingForm(request.POST or None, initial={"date": day_param(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {"room": room, "actor": request.user, "start": data["start"], "end": data["end"],
                  "purpose": data["purpose"], "title": data["title"], "attendees": data["attendees"],
                  "organisation": data["organisation"]}
        outcome = attempt(request, form, lambda: services.booking_create_weekly(weeks=data["weeks"], **kwargs)
                          if data["weeks"] > 1 else services.booking_create(**kwargs), inline_forbidden=True)
        if outcome:
            messages.success(request, _("预约已提交。"))
            return redirect("spaces:my_bookings")
        for conflict in getattr(outcome.error, "extra", {}).get("conflicts", []):  # each refused week, by date
            form.add_error(None, f"{conflict['date']}：{conflict['reason']}")
    day = (form.cleaned_data.get("date") if form.is_bound and hasattr(form, "cleaned_data") else None) \
        or day_param(request)
    return render(request, "spaces/book.html", {"room": room, "form": form, "slots": selectors.bookable_slots(room, day)})


@login_required
def my_bookings(request):
    token = services.feed_token_for(request.user)
    return render(request, "spaces/my_bookings.html", {
        "bookings": selectors.bookings_of(request.user)[:100],
        "signups": selectors.signups_of(request.user)[:100],
        "feed_url": request.build_absolute_uri(reverse("spaces:feed_user", args=[token.token])),
    })


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(selectors.bookings_visible_to(request.user).distinct(), pk=pk)
    if attempt(request, None, lambda: services.booking_cancel(booking=booking, actor=request.user,
                                                              reason=request.POST.get("reason", "")),
               inline_forbidden=True):
        messages.success(request, _("预约已取消。"))
    return redirect(_next(request))


@login_required
@require_POST
def booking_check_in(request, pk):
    booking = get_object_or_404(selectors.bookings_visible_to(request.user).distinct(), pk=pk)
    if attempt(request, None, lambda: services.booking_check_in(booking=booking, actor=request.user),
               inline_forbidden=True):
        messages.success(request, _("签到成功。"))
    return redirect(_next(request))


@login_required
def activities(request):
    qs = selectors.activities_upcoming()
    kind = request.GET.get("kind")
    if kind in Activity.Kind.values:
        qs = qs.filter(kind=kind)
    # A district publishes hundreds of activities ahead: pages of 30, soonest first, on a phone.
    page = Paginator(qs, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "spaces/activities.html", {
        "activities": page.object_list, "page": page, "kinds": Activity.Kind.choices,
        "kept_query": urlencode({"kind": kind}) if kind in Activity.Kind.values else ""})


@login_required
def activity_detail(request, pk):
    activity = get_object_or_404(selectors.activities_listed().prefetch_related("appeal_links"), pk=pk)
    mine = activity.signups.filter(resident=request.user).exclude(status=SignUpStatus.CANCELLED).first()
    links = [{"number": link.number, "url": appeal_url(link.number)} for link in activity.appeal_links.all()]
    return render(request, "spaces/activity_detail.html", {"activity": activity, "mine": mine, "links": links})


@login_required
@require_POST
def activity_signup(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    outcome = attempt(request, None, lambda: services.signup_create(activity=activity, actor=request.user),
                      inline_forbidden=True)
    if outcome and outcome.value.status == SignUpStatus.CONFIRMED:
        messages.success(request, _("报名成功。"))
    elif outcome:
        messages.info(request, _("名额已满，您已进入候补名单。"))
    return redirect("spaces:activity_detail", pk=pk)


@login_required
@require_POST
def signup_cancel(request, pk):
    signup = get_object_or_404(SignUp, pk=pk, resident=request.user)
    if attempt(request, None, lambda: services.signup_cancel(signup=signup, actor=request.user),
               inline_forbidden=True):
        messages.success(request, _("报名已取消。"))
    return redirect("spaces:activity_detail", pk=signup.activity_id)


