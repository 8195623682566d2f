"""What a room is for on a given day: the weekly pattern, its season and the date's exceptions.

Pure reads over rows the caller may have prefetched (`room.slices.all()` /
`room.exceptions.all()` are used, so a prefetch on many rooms costs two queries in all).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from taijiang.core.http import parse_date
from taijiang.workdays.models import CalendarDay

from .models import Function, Room, SliceException


@dataclass(frozen=True)
class Occurrence:
    """A time slice placed on a calendar day, as aware datetimes."""

    start: datetime.datetime
    end: datetime.datetime
    function: str
    audience: str
    slice_id: int | None = None  # None for a one-day OVERRIDE exception

    @property
    def function_label(self) -> str:
        return str(Function(self.function).label)

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def fits(self, purpose: str) -> bool:
        return self.function in (purpose, Function.GENERAL)


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _valid_on(row, day: datetime.date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (row.valid_until is None or row.valid_until >= day)


def _cut(occurrences: list[Occurrence], start: datetime.datetime, end: datetime.datetime) -> list[Occurrence]:
    """Remove [start, end) from each occurrence (a partial closure)."""
    result = []
    for occ in occurrences:
        if occ.end <= start or occ.start >= end:
            result.append(occ)
            continue
        if occ.start < start:
            result.append(Occurrence(occ.start, start, occ.function, occ.audience, occ.slice_id))
        if occ.end > end:
            result.append(Occurrence(end, occ.end, occ.function, occ.audience, occ.slice_id))
    return result


def holidays_between(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    """Official holidays (taijiang.workdays) from `first` to `last` inclusive: date -> name."""
    return dict(CalendarDay.objects.filter(kind=CalendarDay.Kind.HOLIDAY, date__gte=first, date__lte=last)
                .values_list("date", "name"))


def holiday_closes(room: Room, day: datetime.date, holidays: dict | None = None) -> str | None:
    """The holiday's name when it closes `room` on `day`, else None.

    A room that keeps the centre's hours closes on an official holiday, unless a date exception
    of kind OVERRIDE opens it that day. Rooms with their own hours (follows_centre_hours off)
    keep their weekly pattern. Pass `holidays` (from holidays_between) to avoid a query per day.
    """
    if not room.follows_centre_hours:
        return None
    if holidays is None:
        holidays = holidays_between(day, day)
    if day not in holidays:
        return None
    if any(e.date == day and e.kind == SliceException.Kind.OVERRIDE for e in room.exceptions.all()):
        return None
    return holidays[day] or "—"


def occurrences_on(room: Room, day: datetime.date, *, holidays: dict | None = None) -> list[Occurrence]:
    """The room's slices on `day`, exceptions and holidays applied, contiguous same-use slices merged."""
    exceptions = [e for e in room.exceptions.all() if e.date == day]
    overrides = [e for e in exceptions if e.kind == SliceException.Kind.OVERRIDE]
    if overrides:
        occurrences = [Occurrence(at(day, e.starts), at(day, e.ends), e.function, e.audience) for e in overrides]
    elif holiday_closes(room, day, holidays):
        return []
    else:
        occurrences = [
            Occurrence(at(day, s.starts), at(day, s.ends), s.function, s.audience, s.pk)
            for s in room.slices.all() if s.weekday == day.weekday() and _valid_on(s, day)
        ]
    for closure in (e for e in exceptions if e.kind == SliceException.Kind.CLOSE):
        if closure.starts is None:
            return []
        occurrences = _cut(occurrences, at(day, closure.starts), at(day, closure.ends))
    occurrences.sort(key=lambda o: o.start)
    merged: list[Occurrence] = []
    for occ in occurrences:
        last = merged[-1] if merged else None
        if last and last.end == occ.start and (last.function, last.audience) == (occ.function, occ.audience):
            merged[-1] = Occurrence(last.start, occ.end, occ.function, occ.audience, last.slice_id)
        else:
            merged.append(occ)
    return merged


def free_ranges(occurrences: list[Occurrence], busy: list[tuple[datetime.datetime, datetime.datetime]]
                ) -> list[Occurrence]:
    """The parts of the day's slices not taken by `busy` ranges (each already including buffers)."""
    free = list(occurrences)
    for start, end in busy:
        free = _cut(free, start, end)
    return [occ for occ in free if occ.end > occ.start]


# Calendars and availability are answered for dates this far either side of today; beyond it
# a date is a typo (and 9999-12-31 + 1 day would overflow).
DATE_WINDOW = datetime.timedelta(days=5 * 366)


def parse_day(text: str | None) -> datetime.date | None:
    """A YYYY-MM-DD query parameter as a date, or None when missing, invalid or absurdly far away."""
    today = timezone.localdate()
    return parse_date(text, earliest=today - DATE_WINDOW, latest=today + DATE_WINDOW)


def week_of(day: datetime.date) -> list[datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return [monday + datetime.timedelta(days=i) for i in range(7)]
