"""Figures for dashboards: utilisation by room / slice / hour of the week, office share,
no-show rate and under-used slices. Re-exported by `spaces.selectors`.

Minutes are counted inside slice occurrences only (the time a room is offered), so a rate is
booked minutes / offered minutes. Bookings count when confirmed or checked in.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from taijiang.users.models import STAFF_ROLES

from .calendar import at, holidays_between, occurrences_on
from .models import Booking, BookingStatus, Function, Room, TimeSlice

USED = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)
OFFICE_SHARE_LIMIT = Decimal("0.20")
OFFICE_M2_PER_WORKER = (Decimal("3"), Decimal("5"))


def _minutes(a_start, a_end, b_start, b_end) -> int:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return max(0, int((end - start).total_seconds() // 60))


def _rate(booked: int, available: int) -> float | None:
    return round(booked / available, 4) if available else None


def _hours(start: datetime.datetime, end: datetime.datetime):
    """(weekday, hour, hour_start, hour_end) buckets touched by [start, end), local time."""
    local = timezone.localtime(start).replace(minute=0, second=0, microsecond=0)
    while local < end:
        following = local + datetime.timedelta(hours=1)
        yield local.weekday(), local.hour, local, following
        local = following


def utilisation(*, rooms, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Offered vs booked minutes per room, per weekly slice and per hour of the week.

    Returns {"rooms": [...], "slices": [...], "hours": [[{available, booked, rate}] * 24] * 7,
    "total": {...}}; `date_to` is inclusive.
    """
    rooms = list(Room.objects.filter(pk__in=[r.pk for r in rooms]).select_related("centre")
                 .prefetch_related("slices", "exceptions").order_by("centre__name", "name"))
    begin, finish = at(date_from, datetime.time()), at(date_to, datetime.time()) + datetime.timedelta(days=1)
    bookings = defaultdict(list)
    for b in Booking.objects.filter(room__in=rooms, status__in=USED, start__lt=finish, end__gt=begin).only(
            "room_id", "start", "end"):
        bookings[b.room_id].append(b)
    hours = [[{"available": 0, "booked": 0} for _h in range(24)] for _d in range(7)]
    per_slice = defaultdict(lambda: {"available": 0, "booked": 0})
    room_rows = []
    day_count = (date_to - date_from).days + 1
    holidays = holidays_between(date_from, date_to)
    for room in rooms:
        available = booked = 0
        for offset in range(day_count):
            day = date_from + datetime.timedelta(days=offset)
            for occ in occurrences_on(room, day, holidays=holidays):
                used = sum(_minutes(occ.start, occ.end, b.start, b.end) for b in bookings[room.pk])
                available += occ.minutes
                booked += used
                if occ.slice_id:
                    per_slice[occ.slice_id]["available"] += occ.minutes
                    per_slice[occ.slice_id]["booked"] += used
                for weekday, hour, h_start, h_end in _hours(occ.start, occ.end):
                    cell = hours[weekday][hour]
                    cell["available"] += _minutes(occ.start, occ.end, h_start, h_end)
                    cell["booked"] += sum(_minutes(max(occ.start, h_start), min(occ.end, h_end), b.start, b.end)
                                          for b in bookings[room.pk])
        room_rows.append({"room": room, "available_minutes": available, "booked_minutes": booked,
                          "rate": _rate(booked, available)})
    slices = {s.pk: s for room in rooms for s in room.slices.all()}
    slice_rows = [{"slice": slices[pk], "room": slices[pk].room, "available_minutes": v["available"],
                   "booked_minutes": v["booked"], "rate": _rate(v["booked"], v["available"])}
                  for pk, v in sorted(per_slice.items())]
    for row in hours:
        for cell in row:
            cell["rate"] = _rate(cell["booked"], cell["available"])
    total_available = sum(r["available_minutes"] for r in room_rows)
    total_booked = sum(r["booked_minutes"] for r in room_rows)
    return {"rooms": room_rows, "slices": slice_rows, "hours": hours,
            "total": {"available_minutes": total_available, "booked_minutes": total_booked,
                      "rate": _rate(total_booked, total_available)}}


def office_share(centre) -> dict:
    """Office area against the 20% line, and office m² per worker against 3–5 m².

    Workers are active staff whose community is the centre's (or, for a street's own centre,
    staff of that street without a community).
    """
    return office_shares([centre])[0]


def office_shares(centres) -> list[dict]:
    """`office_share` of each centre, in two queries however many centres (street and district
    dashboards list dozens: two queries per centre made the query count grow with the territory)."""
    from django.db.models import Count, Q

    centres = list(centres)
    ids = [c.pk for c in centres]
    office = dict(Room.objects.filter(centre_id__in=ids, kind=Room.Kind.OFFICE, is_active=True)
                  .values_list("centre_id").annotate(s=Sum("area_m2")).values_list("centre_id", "s"))
    communities = [c.community_id for c in centres if c.community_id]
    streets = [c.street_id for c in centres if not c.community_id]
    staff = (get_user_model().objects.filter(role__in=STAFF_ROLES, is_active=True)
             .filter(Q(community_id__in=communities) | Q(community__isnull=True, street_id__in=streets))
             .values("community_id", "street_id").annotate(n=Count("id")).order_by())
    by_community, by_street = defaultdict(int), defaultdict(int)
    for row in staff:
        if row["community_id"]:
            by_community[row["community_id"]] += row["n"]
        else:
            by_street[row["street_id"]] += row["n"]
    return [_office_share(c, office.get(c.pk) or Decimal("0"),
                          by_community[c.community_id] if c.community_id else by_street[c.street_id])
            for c in centres]


def _office_share(centre, office: Decimal, workers: int) -> dict:
    total = Decimal(centre.total_area_m2 or 0)
    share = (office / total).quantize(Decimal("0.0001")) if total else None
    per_worker = (office / workers).quantize(Decimal("0.01")) if workers else None
    if per_worker is None:
        band = "unknown"
    elif per_worker < OFFICE_M2_PER_WORKER[0]:
        band = "below"
    elif per_worker > OFFICE_M2_PER_WORKER[1]:
        band = "above"
    else:
        band = "within"
    return {"centre": centre, "total_area_m2": total, "office_area_m2": office, "share": share,
            "limit": OFFICE_SHARE_LIMIT, "within_limit": share is not None and share <= OFFICE_SHARE_LIMIT,
            "workers": workers, "office_m2_per_worker": per_worker, "per_worker_band": band,
            "per_worker_range": OFFICE_M2_PER_WORKER}


def no_show_rate(*, rooms=None, date_from: datetime.date | None = None, date_to: datetime.date | None = None) -> dict:
    """No-shows among bookings that needed a check-in and whose time has come."""
    qs = Booking.objects.filter(status__in=(BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW),
                                room__check_in_required=True)
    if rooms is not None:
        qs = qs.filter(room__in=rooms)
    if date_from:
        qs = qs.filter(start__gte=at(date_from, datetime.time()))
    if date_to:
        qs = qs.filter(start__lt=at(date_to, datetime.time()) + datetime.timedelta(days=1))
    due = qs.count()
    no_shows = qs.filter(status=BookingStatus.NO_SHOW).count()
    return {"due": due, "no_shows": no_shows, "rate": _rate(no_shows, due)}


def underused_slices(*, weeks: int = 4, threshold: float = 0.2, rooms=None, today: datetime.date | None = None
                     ) -> list[dict]:
    """Slices used less than `threshold` over the last `weeks` full weeks: candidates for another use.

    Each row suggests the function that was in most demand in the same centre over that time.
    """
    today = today or timezone.localdate()
    date_to = today - datetime.timedelta(days=1)
    date_from = today - datetime.timedelta(weeks=weeks)
    rooms = list(rooms) if rooms is not None else list(Room.objects.filter(is_active=True))
    figures = utilisation(rooms=rooms, date_from=date_from, date_to=date_to)
    demand = defaultdict(lambda: defaultdict(int))
    for row in figures["slices"]:
        demand[row["room"].centre_id][row["slice"].function] += row["booked_minutes"]
    result = []
    for row in figures["slices"]:
        if row["rate"] is None or row["rate"] >= threshold:
            continue
        time_slice: TimeSlice = row["slice"]
        wanted = sorted(((m, f) for f, m in demand[row["room"].centre_id].items()
                         if f != time_slice.function and m > 0), reverse=True)
        result.append(row | {"suggested_function": wanted[0][1] if wanted else None,
                             "suggested_label": str(Function(wanted[0][1]).label) if wanted else ""})
    return sorted(result, key=lambda r: r["rate"])
