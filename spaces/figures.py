"""Figures for dashboards: utilisation by room / slice / hour of the week, office share,
no-show rate and under-used slices. Re-exported by `spaces.selectors`.

Minutes are counted inside slice occurrences only (the time a room is offered), so a rate is
booked minutes / offered minutes. Bookings count when confirmed or checked in.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, Sum
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


class _Tally:
    """Offered and booked minutes per room, per slice, and per (room, function, weekday, hour) cell."""

    def __init__(self):
        self.rooms = defaultdict(lambda: [0, 0])
        self.slices = defaultdict(lambda: [0, 0])
        self.cells = defaultdict(lambda: [0, 0])  # (room id, function, weekday, hour) -> [offered, booked]

    def occurrence(self, room, occ, bookings):
        """One slice occurrence of `room` and the room's bookings that may touch it (the Python path)."""
        used = sum(_minutes(occ.start, occ.end, b.start, b.end) for b in bookings)
        self.rooms[room.pk][0] += occ.minutes
        self.rooms[room.pk][1] += used
        if occ.slice_id:
            self.slices[occ.slice_id][0] += occ.minutes
            self.slices[occ.slice_id][1] += used
        for weekday, hour, h_start, h_end in _hours(occ.start, occ.end):
            cell = self.cells[(room.pk, occ.function, weekday, hour)]
            cell[0] += _minutes(occ.start, occ.end, h_start, h_end)
            cell[1] += sum(_minutes(max(occ.start, h_start), min(occ.end, h_end), b.start, b.end) for b in bookings)


def _grid(cells) -> list[list[dict]]:
    grid = [[{"available": 0, "booked": 0} for _h in range(24)] for _d in range(7)]
    for (weekday, hour), (offered, booked) in cells:
        grid[weekday][hour]["available"] += offered
        grid[weekday][hour]["booked"] += booked
    for row in grid:
        for cell in row:
            cell["rate"] = _rate(cell["booked"], cell["available"])
    return grid


def _days(date_from: datetime.date, date_to: datetime.date):
    for offset in range((date_to - date_from).days + 1):
        yield date_from + datetime.timedelta(days=offset)


def _load_rooms(rooms):
    return list(Room.objects.filter(pk__in=[r.pk for r in rooms]).select_related("centre")
                .prefetch_related("slices", "exceptions").order_by("centre__name", "name"))


def utilisation(*, rooms, date_from: datetime.date, date_to: datetime.date, method: str | None = None) -> dict:
    """Offered vs booked minutes per room, per weekly slice and per hour of the week.

    Returns {"rooms": [...], "slices": [...], "hours": [[{available, booked, rate}] * 24] * 7,
    "room_hours": {room id: hours}, "function_hours": {function: hours}, "total": {...}};
    `date_to` is inclusive. On PostgreSQL the booked minutes of ordinary days are summed by the
    database (`_sql_tally`); days with an exception or a holiday, and rooms whose slices the
    calendar merges or overlap, take the Python path, which is the definition (`method="python"`
    forces it everywhere; tests/spaces/test_utilisation_paths.py checks that both give the same).
    """
    rooms = _load_rooms(rooms)
    holidays = holidays_between(date_from, date_to)
    tally = _Tally()
    if method is None:
        method = "sql" if connection.vendor == "postgresql" else "python"
    if method == "sql":
        _sql_tally(tally, rooms, date_from, date_to, holidays)
    else:
        _python_tally(tally, {room: list(_days(date_from, date_to)) for room in rooms}, holidays)
    return _result(tally, rooms)


def _python_tally(tally: _Tally, days_by_room: dict, holidays: dict) -> None:
    """Every occurrence of each room on the given days, against the bookings that touch those days."""
    wanted = Q()
    for room, days in days_by_room.items():
        for first, last in _runs(days):
            wanted |= Q(room_id=room.pk, start__lt=at(last, datetime.time()) + datetime.timedelta(days=1),
                        end__gt=at(first, datetime.time()))
    bookings = defaultdict(list)
    if wanted:
        for b in Booking.objects.filter(wanted, status__in=USED).only("room_id", "start", "end"):
            bookings[b.room_id].append(b)
    for room, days in days_by_room.items():
        for day in days:
            for occ in occurrences_on(room, day, holidays=holidays):
                tally.occurrence(room, occ, bookings[room.pk])


def _runs(days: list[datetime.date]):
    """Consecutive dates as (first, last) pairs."""
    run = None
    for day in sorted(days):
        if run and day == run[1] + datetime.timedelta(days=1):
            run[1] = day
        else:
            if run:
                yield tuple(run)
            run = [day, day]
    if run:
        yield tuple(run)


def _regular(room, date_from, date_to):
    """(leaders, regular): which slice each slice's minutes go to when the calendar merges
    contiguous slices of the same use (`occurrences_on` credits the merged occurrence to the first),
    and whether the room's pattern is simple enough for the SQL path (no overlapping slices, no
    merge that happens on some days only)."""
    def window(s):
        return (max(s.valid_from or date_from, date_from), min(s.valid_until or date_to, date_to))

    leaders = {}
    by_weekday = defaultdict(list)
    for s in room.slices.all():
        by_weekday[s.weekday].append(s)
    for slices in by_weekday.values():
        slices.sort(key=lambda s: (s.starts, s.pk))
        for i, a in enumerate(slices):
            for b in slices[i + 1:]:
                (a_from, a_to), (b_from, b_to) = window(a), window(b)
                meet = max(a_from, b_from) <= min(a_to, b_to)
                if not meet:
                    continue
                if b.starts < a.ends:
                    return leaders, False  # overlapping slices: the calendar's merge depends on order
                if b.starts == a.ends and (a.function, a.audience) == (b.function, b.audience):
                    if (a.valid_from, a.valid_until) != (b.valid_from, b.valid_until):
                        return leaders, False  # merged on some days only
                    leaders[b.pk] = leaders.get(a.pk, a.pk)
    return leaders, True


def _weekday_count(first: datetime.date, last: datetime.date, weekday: int) -> int:
    if last < first:
        return 0
    ahead = (weekday - first.weekday()) % 7
    first_match = first + datetime.timedelta(days=ahead)
    return 0 if first_match > last else (last - first_match).days // 7 + 1


def _special_days(room, date_from, date_to, holidays) -> set[datetime.date]:
    """Days on which the room's weekly pattern does not simply apply: its exceptions, and holidays
    when it keeps the centre's hours."""
    days = {e.date for e in room.exceptions.all() if date_from <= e.date <= date_to}
    if room.follows_centre_hours:
        days |= {day for day in holidays if date_from <= day <= date_to}
    return days


def _clock(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time)


def _sql_tally(tally: _Tally, rooms, date_from, date_to, holidays) -> None:
    """Offered minutes by arithmetic over the weekly pattern, booked minutes of ordinary days summed
    by PostgreSQL (bookings clipped to the slices and to each hour, GROUP BY room, slice, hour); the
    special days and irregular rooms go through `_python_tally`."""
    python_days, regular, special, leaders = {}, [], [], {}
    for room in rooms:
        room_leaders, simple = _regular(room, date_from, date_to)
        if not simple:
            python_days[room] = list(_days(date_from, date_to))
            continue
        leaders.update(room_leaders)
        days = _special_days(room, date_from, date_to, holidays)
        if days:
            python_days[room] = sorted(days)
            special += [(room.pk, day) for day in days]
        regular.append(room)
        for s in room.slices.all():
            first, last = max(s.valid_from or date_from, date_from), min(s.valid_until or date_to, date_to)
            times = _weekday_count(first, last, s.weekday) - sum(
                1 for day in days if first <= day <= last and day.weekday() == s.weekday)
            if times <= 0:
                continue
            minutes = int((_clock(date_from, s.ends) - _clock(date_from, s.starts)).total_seconds() // 60)
            tally.rooms[room.pk][0] += minutes * times
            tally.slices[leaders.get(s.pk, s.pk)][0] += minutes * times
            start, end = _clock(date_from, s.starts), _clock(date_from, s.ends)
            hour = start.replace(minute=0, second=0, microsecond=0)
            while hour < end:
                following = hour + datetime.timedelta(hours=1)
                tally.cells[(room.pk, s.function, s.weekday, hour.hour)][0] += _minutes(start, end, hour, following) * times
                hour = following
    if regular:
        _sql_booked(tally, regular, special, leaders, date_from, date_to)
    _python_tally(tally, python_days, holidays)


def _offered_by_function(room, first: datetime.date, last: datetime.date, holidays: dict) -> dict[str, int]:
    """Minutes the room offers per slice function from `first` to `last`: the weekly pattern by
    arithmetic, the days with an exception or a holiday (and rooms with overlapping slices) through
    the calendar."""
    _leaders, simple = _regular(room, first, last)
    offered = defaultdict(int)
    if simple:
        days = _special_days(room, first, last, holidays)
        for s in room.slices.all():
            lo, hi = max(s.valid_from or first, first), min(s.valid_until or last, last)
            times = _weekday_count(lo, hi, s.weekday) - sum(
                1 for day in days if lo <= day <= hi and day.weekday() == s.weekday)
            if times > 0:
                offered[s.function] += times * int((_clock(first, s.ends) - _clock(first, s.starts)).total_seconds() // 60)
    else:
        days = list(_days(first, last))
    for day in days:
        for occ in occurrences_on(room, day, holidays=holidays):
            offered[occ.function] += occ.minutes
    return offered


def function_months(*, rooms, date_from: datetime.date, date_to: datetime.date) -> list[dict]:
    """Rooms by function over time: per calendar month touched by the range (clipped to it), per
    slice function, how many rooms offer it at least once and for how many minutes.

    Slices have no edit history of their own; their validity dates (valid_from / valid_until: a
    term, a season, a change of use from a date) are that history, and the calendar's exceptions and
    holidays apply as everywhere. A slice deleted outright leaves no trace, so months before such a
    change show the pattern as it is now (docs/dashboard.md). No booking is read.
    """
    rooms = _load_rooms(rooms)
    holidays = holidays_between(date_from, date_to)
    months = []
    first = date_from
    while first <= date_to:
        following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        last = min(following - datetime.timedelta(days=1), date_to)
        minutes, offering = defaultdict(int), defaultdict(set)
        for room in rooms:
            for function, offered in _offered_by_function(room, first, last, holidays).items():
                if offered:
                    minutes[function] += offered
                    offering[function].add(room.pk)
        months.append({"month": first.replace(day=1), "first": first, "last": last,
                       "functions": {f: {"rooms": len(offering[f]), "minutes": minutes[f]} for f in minutes}})
        first = following
    return months


BOOKED_SQL = """
WITH b AS (
    SELECT room_id, (start AT TIME ZONE %(tz)s) AS bs, ("end" AT TIME ZONE %(tz)s) AS be
    FROM spaces_booking
    WHERE room_id = ANY(%(rooms)s) AND status = ANY(%(used)s) AND start < %(finish)s AND "end" > %(begin)s
), d AS (
    SELECT b.room_id, b.bs, b.be, g::date AS day
    FROM b CROSS JOIN LATERAL generate_series(date_trunc('day', b.bs), b.be - interval '1 microsecond',
                                              interval '1 day') AS g
), o AS (
    SELECT d.room_id, s.id AS slice_id, s.function, s.weekday,
           GREATEST(d.day + s.starts, d.bs) AS vs, LEAST(d.day + s.ends, d.be) AS ve
    FROM d JOIN spaces_timeslice s
      ON s.room_id = d.room_id AND s.weekday = EXTRACT(ISODOW FROM d.day)::int - 1
     AND (s.valid_from IS NULL OR s.valid_from <= d.day) AND (s.valid_until IS NULL OR s.valid_until >= d.day)
    WHERE d.day BETWEEN %(date_from)s AND %(date_to)s
      AND d.day + s.starts < d.be AND d.day + s.ends > d.bs
      AND NOT EXISTS (SELECT 1 FROM unnest(%(special_rooms)s::int[], %(special_days)s::date[]) AS x(r, dd)
                      WHERE x.r = d.room_id AND x.dd = d.day)
)
SELECT room_id, slice_id, NULL AS function, NULL AS weekday, NULL AS hour,
       SUM(FLOOR(EXTRACT(EPOCH FROM ve - vs) / 60))::bigint
FROM o GROUP BY room_id, slice_id
UNION ALL
SELECT room_id, NULL, function, weekday, EXTRACT(HOUR FROM h)::int,
       SUM(FLOOR(EXTRACT(EPOCH FROM LEAST(ve, h + interval '1 hour') - GREATEST(vs, h)) / 60))::bigint
FROM o CROSS JOIN LATERAL generate_series(date_trunc('hour', vs), ve - interval '1 microsecond',
                                          interval '1 hour') AS h
GROUP BY room_id, function, weekday, EXTRACT(HOUR FROM h)
"""


def _sql_booked(tally, rooms, special, leaders, date_from, date_to) -> None:
    from django.db import connection as db

    params = {
        "tz": timezone.get_current_timezone_name(),
        "rooms": [r.pk for r in rooms], "used": list(USED),
        "begin": at(date_from, datetime.time()), "finish": at(date_to, datetime.time()) + datetime.timedelta(days=1),
        "date_from": date_from, "date_to": date_to,
        "special_rooms": [pk for pk, _day in special], "special_days": [day for _pk, day in special],
    }
    with db.cursor() as cursor:
        cursor.execute(BOOKED_SQL, params)
        for room_id, slice_id, function, weekday, hour, minutes in cursor.fetchall():
            if hour is None:
                tally.rooms[room_id][1] += minutes
                tally.slices[leaders.get(slice_id, slice_id)][1] += minutes
            else:
                tally.cells[(room_id, function, weekday, hour)][1] += minutes


def _result(tally: _Tally, rooms) -> dict:
    room_rows = []
    for room in rooms:
        available, booked = tally.rooms.get(room.pk, (0, 0))
        room_rows.append({"room": room, "available_minutes": available, "booked_minutes": booked,
                          "rate": _rate(booked, available)})
    slices = {s.pk: s for room in rooms for s in room.slices.all()}
    slice_rows = [{"slice": slices[pk], "room": slices[pk].room, "available_minutes": v[0],
                   "booked_minutes": v[1], "rate": _rate(v[1], v[0])}
                  for pk, v in sorted(tally.slices.items()) if v[0] or v[1]]
    by_room, by_function, overall = defaultdict(list), defaultdict(list), []
    for (room_id, function, weekday, hour), values in tally.cells.items():
        overall.append(((weekday, hour), values))
        by_room[room_id].append(((weekday, hour), values))
        by_function[function].append(((weekday, hour), values))
    total_available = sum(r["available_minutes"] for r in room_rows)
    total_booked = sum(r["booked_minutes"] for r in room_rows)
    return {"rooms": room_rows, "slices": slice_rows, "hours": _grid(overall),
            "room_hours": {pk: _grid(cells) for pk, cells in by_room.items()},
            "function_hours": {f: _grid(cells) for f, cells in by_function.items()},
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
