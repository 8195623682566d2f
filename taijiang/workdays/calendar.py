"""Working days and working time, with the holiday calendar that admins maintain.

A day is a working day when it is Monday–Friday and not an official holiday, or when it is a
make-up working day (调休). Working time is the office hours of a working day (WORKING_HOURS),
used for appeal deadlines counted in hours.
"""

import datetime

from django.utils import timezone

from .models import CalendarDay

WORKING_HOURS = ((datetime.time(8, 30), datetime.time(12, 0)), (datetime.time(14, 30), datetime.time(17, 30)))


class WorkCalendar:
    """Loads the exceptions for a date range once, then answers without queries."""

    def __init__(self, start: datetime.date, end: datetime.date):
        rows = CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
        self.start, self.end = start, end
        self.exceptions = dict(rows)

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.exceptions.get(day)
        if kind == CalendarDay.Kind.HOLIDAY:
            return False
        if kind == CalendarDay.Kind.WORKDAY:
            return True
        return day.weekday() < 5


def _calendar_around(day: datetime.date, days: int) -> WorkCalendar:
    # Long enough for the Spring Festival plus weekends between the working days asked for.
    span = datetime.timedelta(days=days * 2 + 30)
    return WorkCalendar(day - datetime.timedelta(days=1), day + span)


def is_working_day(day: datetime.date) -> bool:
    return _calendar_around(day, 0).is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself does not count).

    Promised time limits (承诺时限) of N working days end on this date.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    calendar = _calendar_around(start, days)
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    calendar = WorkCalendar(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def add_working_hours(start: datetime.datetime, hours: float) -> datetime.datetime:
    """The moment `hours` of office time after `start`, skipping nights, weekends and holidays.

    An appeal submitted on Friday evening with a 4-hour deadline is due Monday 12:30 (or the
    next working day after a holiday).
    """
    remaining = datetime.timedelta(hours=hours)
    local = timezone.localtime(start)
    tz = local.tzinfo
    calendar = _calendar_around(local.date(), int(hours // 7) + 2)
    day = local.date()
    cursor = local
    while True:
        if day > calendar.end:
            calendar = _calendar_around(day, int(remaining.total_seconds() // 3600 // 7) + 2)
        if calendar.is_working_day(day):
            for opens, closes in WORKING_HOURS:
                period_start = datetime.datetime.combine(day, opens, tzinfo=tz)
                period_end = datetime.datetime.combine(day, closes, tzinfo=tz)
                begin = max(cursor, period_start)
                if begin >= period_end:
                    continue
                available = period_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += datetime.timedelta(days=1)
        cursor = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


