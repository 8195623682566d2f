"""Reads shared by pages, the API and dashboards (select_related / prefetch decided here)."""

import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncTime
from django.utils import timezone

from taijiang.users.scope import scope_for

from .calendar import Occurrence, at, free_ranges, holiday_closes, holidays_between, occurrences_on
from .figures import no_show_rate, office_share, office_shares, underused_slices, utilisation
from .models import ACTIVE_STATUSES, Activity, Booking, BookingStatus, Function, Room, SignUp, SignUpStatus, TimeSlice
from .permissions import is_staff

__all__ = [
    "activities_listed", "availability", "bookings_managed_by", "bookings_of", "day_view", "no_show_rate",
    "office_share", "office_shares", "rooms_listed", "rooms_managed_by", "signups_of", "underused_slices", "utilisation",
]


def rooms_listed(user=None) -> QuerySet[Room]:
    """Rooms anyone logged in may look at (every active room; booking rules are the service's)."""
    return (Room.objects.filter(is_active=True).select_related("centre__community", "centre__street")
            .prefetch_related("photos").order_by("centre__name", "name"))


def rooms_managed_by(user) -> QuerySet[Room]:
    return scope_for(user).filter(Room.objects.select_related("centre"), community="centre__community",
                                  street="centre__street")


def with_calendar(qs: QuerySet[Room]) -> QuerySet[Room]:
    return qs.prefetch_related("slices", "exceptions")


def bookings_of(user) -> QuerySet[Booking]:
    return (Booking.objects.filter(booker=user).select_related("room__centre", "activity")
            .order_by("-start"))


def bookings_managed_by(user) -> QuerySet[Booking]:
    return scope_for(user).filter(
        Booking.objects.select_related("room__centre", "booker", "activity"),
        community="room__centre__community", street="room__centre__street")


LIST_FILTERS = ("from", "to", "community", "street", "held", "room", "weekday", "hour", "function")


def filter_booking_list(qs: QuerySet[Booking], params) -> QuerySet[Booking] | None:
    """The dashboards' filters on the staff bookings list (taijiang/dashboard/links.py), or None when
    none is given (the list then shows the bookings around today). from / to: local start dates,
    inclusive; community / street: ids that only narrow the user's scope (a street includes its own
    centre); held=1: confirmed or checked in, as the dashboard counts them; room (an id); weekday
    (0 Monday … 6 Sunday) and hour (0–23): bookings starting on that weekday and overlapping that
    hour, local time (a cell of the dashboard's heatmap); function: bookings whose room offers a slice
    of that function then (on that weekday and hour when given)."""
    from taijiang.core.http import parse_date, parse_id

    if not any(params.get(key) for key in LIST_FILTERS):
        return None
    tz = timezone.get_current_timezone()
    if date_from := parse_date(params.get("from")):
        qs = qs.filter(start__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to := parse_date(params.get("to")):
        qs = qs.filter(start__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min,
                                                           tzinfo=tz))
    if community := parse_id(params.get("community")):
        qs = qs.filter(room__centre__community=community)
    if street := parse_id(params.get("street")):
        qs = qs.filter(Q(room__centre__community__street=street)
                       | Q(room__centre__community__isnull=True, room__centre__street=street))
    if params.get("held") == "1":
        qs = qs.filter(status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN))
    if room := parse_id(params.get("room")):
        qs = qs.filter(room=room)
    weekday = params.get("weekday") if params.get("weekday") in [str(d) for d in range(7)] else None
    hour = params.get("hour") if params.get("hour") in [str(h) for h in range(24)] else None
    hour_start = datetime.time(int(hour)) if hour is not None else None
    hour_end = datetime.time(int(hour) + 1) if hour is not None and int(hour) < 23 else None
    if weekday is not None:
        qs = qs.annotate(start_weekday=ExtractIsoWeekDay("start")).filter(start_weekday=int(weekday) + 1)
    if hour is not None:
        qs = qs.annotate(start_time=TruncTime("start"), end_time=TruncTime("end")).filter(end_time__gt=hour_start)
        if hour_end is not None:
            qs = qs.filter(start_time__lt=hour_end)
    if params.get("function") in Function.values:
        slices = TimeSlice.objects.filter(room=OuterRef("room"), function=params["function"])
        if weekday is not None:
            slices = slices.filter(weekday=int(weekday))
        if hour is not None:
            slices = slices.filter(ends__gt=hour_start, **({"starts__lt": hour_end} if hour_end else {}))
        qs = qs.filter(Exists(slices))
    return qs.order_by("start", "pk")


def bookings_visible_to(user) -> QuerySet[Booking]:
    if is_staff(user):
        # The rooms in scope first (a handful per centre), so that the filter is an OR of two indexed
        # columns of the booking: no OR across the join to the centres, no DISTINCT over every column.
        rooms = list(scope_for(user).filter(Room.objects.all(), community="centre__community",
                                            street="centre__street").values_list("pk", flat=True))
        return (Booking.objects.select_related("room__centre", "booker", "activity")
                .filter(Q(room_id__in=rooms) | Q(booker=user)))
    return bookings_of(user)


def signups_of(user) -> QuerySet[SignUp]:
    return (SignUp.objects.filter(resident=user).select_related("activity__booking__room")
            .order_by("-activity__booking__start"))


def _signups(status: str):
    """The activity's sign-ups in `status`, counted per row by a correlated subquery: PostgreSQL works
    it out for the page's rows only, after the sort and limit, where a JOIN + GROUP BY would gather and
    sort every sign-up of every listed activity first (docs/performance.md)."""
    counted = (SignUp.objects.filter(activity=OuterRef("pk"), status=status).order_by().values("activity")
               .annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def activities_listed() -> QuerySet[Activity]:
    return (Activity.objects.select_related("booking__room__centre", "organiser")
            .annotate(confirmed_count=_signups(SignUpStatus.CONFIRMED),
                      waitlist_count=_signups(SignUpStatus.WAITLISTED)).order_by("booking__start", "pk"))


def activities_upcoming() -> QuerySet[Activity]:
    return activities_listed().filter(status=Activity.Status.PUBLISHED, booking__end__gt=timezone.now())


def _busy(room: Room, day: datetime.date) -> list[Booking]:
    start = at(day, datetime.time())
    return list(Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES, start__lt=start + datetime.timedelta(days=1),
                                       blocked_until__gt=start).select_related("activity").order_by("start"))


def availability(room: Room, day: datetime.date) -> list[Occurrence]:
    """Free ranges of the room on `day`: its slices minus active bookings and their buffers."""
    bookings = _busy(room, day)
    return free_ranges(occurrences_on(room, day), [(b.start, b.blocked_until) for b in bookings])


def bookable_slots(room: Room, day: datetime.date, *, now=None) -> list[dict]:
    """The free time of `day` cut into slots a resident can tap to book: an hour each (or the room's
    shortest booking when longer), from the start of each free range, not before the notice period."""
    from grid.selectors import opening_periods_on

    now = now or timezone.now()
    earliest = now + datetime.timedelta(hours=room.min_notice_hours)
    step = datetime.timedelta(minutes=max(60, room.min_duration_minutes))
    shortest = datetime.timedelta(minutes=room.min_duration_minutes)
    if room.follows_centre_hours:  # the same rule booking_create applies (spaces.services.rules)
        if holiday_closes(room, day):
            return []
        periods = [(p.opens, p.closes) for p in opening_periods_on(room.centre, day)]
    slots = []
    for free in availability(room, day):
        start = free.start
        while start + shortest <= free.end:
            end = min(start + step, free.end)
            local_start, local_end = timezone.localtime(start), timezone.localtime(end)
            within_hours = not room.follows_centre_hours or any(
                opens <= local_start.time() and local_end.time() <= closes for opens, closes in periods)
            if start >= earliest and within_hours:
                slots.append({"start": timezone.localtime(start), "end": timezone.localtime(end),
                              "function": free.function, "function_label": free.function_label})
            start = end
    return slots


def day_view(room: Room, day: datetime.date) -> dict:
    """A room's day: each slice with the bookings inside it, and the free ranges."""
    bookings = _busy(room, day)
    holidays = holidays_between(day, day)
    occurrences = occurrences_on(room, day, holidays=holidays)
    rows = [{"slice": occ, "bookings": [b for b in bookings if b.start < occ.end and b.end > occ.start]}
            for occ in occurrences]
    return {"day": day, "rows": rows, "free": free_ranges(occurrences, [(b.start, b.blocked_until) for b in bookings]),
            "bookings": bookings, "holiday": holiday_closes(room, day, holidays)}


def week_view(room: Room, days: list[datetime.date]) -> list[dict]:
    start, end = at(days[0], datetime.time()), at(days[-1], datetime.time()) + datetime.timedelta(days=1)
    bookings = list(Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES, start__lt=end, end__gt=start)
                    .select_related("activity").order_by("start"))
    holidays = holidays_between(days[0], days[-1])
    result = []
    for day in days:
        occurrences = occurrences_on(room, day, holidays=holidays)
        today = [b for b in bookings if timezone.localtime(b.start).date() == day]
        result.append({"day": day, "holiday": holiday_closes(room, day, holidays), "rows": [
            {"slice": occ, "bookings": [b for b in today if b.start < occ.end and b.end > occ.start]}
            for occ in occurrences]})
    return result


def pending_approvals(user) -> QuerySet[Booking]:
    return bookings_managed_by(user).filter(status=BookingStatus.PENDING).order_by("start")
