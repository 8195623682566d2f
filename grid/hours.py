"""When a centre is open, and for what: opening periods read through the holiday calendar.

A date follows one pattern:

- **closed**: a CentreClosure covers it (nothing else applies);
- **holiday**: an official holiday (法定节假日): only the holiday-duty periods apply;
- **make-up working day** (调休上班, usually a Saturday or Sunday): a normal working day, following
  the pattern of MAKE_UP_DAY_WEEKDAY (the calendar does not say which weekday a make-up day stands for;
  Monday's pattern is the one every centre has);
- otherwise the date's own weekday (Saturday and Sunday rows are the weekend periods).

Within a weekday, a season's row (valid_from/valid_until covering the date: summer or winter hours)
replaces the undated rows of the same kind whose times it overlaps; other undated rows still apply.

`centre_hours` (and `hours_by_centre` for many centres) loads everything for the range in three
queries and answers without more.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.workdays.models import CalendarDay

from .models import CentreClosure, OpeningPeriod, ServiceCentre

MAKE_UP_DAY_WEEKDAY = 0
MAX_RANGE_DAYS = 92


class Pattern:
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKE_UP = "make_up"
    CLOSED = "closed"

    LABELS = {
        WORKING: _("工作日"),
        WEEKEND: _("周末"),
        HOLIDAY: _("法定节假日"),
        MAKE_UP: _("调休上班"),
        CLOSED: _("闭馆"),
    }


@dataclass(frozen=True)
class OpenPeriod:
    """One period a centre is open on one date."""

    day: datetime.date
    opens: datetime.time
    closes: datetime.time
    kind: str
    period_id: int

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.day, self.opens, tzinfo=timezone.get_current_timezone())

    @property
    def end(self) -> datetime.datetime:
        return datetime.datetime.combine(self.day, self.closes, tzinfo=timezone.get_current_timezone())

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def kind_label(self) -> str:
        return str(OpeningPeriod.Kind(self.kind).label)

    def contains(self, moment: datetime.datetime) -> bool:
        return self.start <= moment < self.end


@dataclass
class DayHours:
    day: datetime.date
    pattern: str
    name: str = ""  # the holiday's or the closure's name
    periods: list[OpenPeriod] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return bool(self.periods)

    @property
    def pattern_label(self) -> str:
        return str(Pattern.LABELS[self.pattern])


def _applies(period: OpeningPeriod, day: datetime.date) -> bool:
    return ((period.valid_from is None or period.valid_from <= day)
            and (period.valid_until is None or period.valid_until >= day))


def _seasonal(rows: list[OpeningPeriod], day: datetime.date) -> list[OpeningPeriod]:
    """The rows that apply on `day`: a season's row replaces the undated rows of its kind it overlaps."""
    valid = [p for p in rows if _applies(p, day)]
    dated = [p for p in valid if p.valid_from is not None or p.valid_until is not None]
    undated = [p for p in valid if p.valid_from is None and p.valid_until is None
               and not any(d.kind == p.kind and d.opens < p.closes and p.opens < d.closes for d in dated)]
    return dated + undated


def centre_hours(centre: ServiceCentre, date_from: datetime.date, date_to: datetime.date) -> list[DayHours]:
    """Each date from `date_from` to `date_to` (inclusive) with the periods the centre is open."""
    return hours_by_centre([centre], date_from, date_to).get(centre.pk, [])


def hours_by_centre(centres, date_from: datetime.date, date_to: datetime.date) -> dict[int, list[DayHours]]:
    """`centre_hours` for many centres at once, in the same three queries whatever their number
    (the street and district dashboards ask for every centre in scope)."""
    centre_ids = [c.pk for c in centres]
    if date_to < date_from or not centre_ids:
        return {pk: [] for pk in centre_ids}
    by_centre: dict[int, dict[int | None, list[OpeningPeriod]]] = {pk: {} for pk in centre_ids}
    for period in OpeningPeriod.objects.filter(centre__in=centre_ids).order_by("opens"):
        by_centre[period.centre_id].setdefault(period.weekday, []).append(period)
    closures: dict[int, list[CentreClosure]] = {pk: [] for pk in centre_ids}
    for closure in CentreClosure.objects.filter(centre__in=centre_ids, first_day__lte=date_to,
                                                last_day__gte=date_from):
        closures[closure.centre_id].append(closure)
    calendar = {row.date: row for row in CalendarDay.objects.filter(date__gte=date_from, date__lte=date_to)}
    answer = {}
    for pk in centre_ids:
        days = []
        day = date_from
        while day <= date_to:
            days.append(_day_hours(day, by_centre[pk], closures[pk], calendar.get(day)))
            day += datetime.timedelta(days=1)
        answer[pk] = days
    return answer


def _day_hours(day, by_weekday, closures, calendar_day) -> DayHours:
    closure = next((c for c in closures if c.first_day <= day <= c.last_day), None)
    if closure is not None:
        return DayHours(day=day, pattern=Pattern.CLOSED, name=closure.reason)
    if calendar_day is not None and calendar_day.kind == CalendarDay.Kind.HOLIDAY:
        rows = [p for p in by_weekday.get(None, []) if _applies(p, day)]
        pattern, name = Pattern.HOLIDAY, calendar_day.name
    elif calendar_day is not None and calendar_day.kind == CalendarDay.Kind.WORKDAY:
        rows = _seasonal(by_weekday.get(MAKE_UP_DAY_WEEKDAY, []), day)
        pattern, name = Pattern.MAKE_UP, calendar_day.name
    else:
        rows = _seasonal(by_weekday.get(day.weekday(), []), day)
        pattern, name = (Pattern.WEEKEND if day.weekday() >= 5 else Pattern.WORKING), ""
    periods = [OpenPeriod(day=day, opens=p.opens, closes=p.closes, kind=p.kind, period_id=p.pk)
               for p in sorted(rows, key=lambda p: (p.opens, p.closes))]
    return DayHours(day=day, pattern=pattern, name=name, periods=periods)


def open_period_at(centre: ServiceCentre, moment: datetime.datetime) -> OpenPeriod | None:
    """The period the centre is open in at `moment`, if any."""
    local = timezone.localtime(moment)
    (today,) = centre_hours(centre, local.date(), local.date())
    return next((p for p in today.periods if p.contains(local)), None)


def next_opening(centre: ServiceCentre, moment: datetime.datetime, *, horizon_days: int = 31) -> OpenPeriod | None:
    """The first period starting after `moment` (within `horizon_days`), or None."""
    local = timezone.localtime(moment)
    for day in centre_hours(centre, local.date(), local.date() + datetime.timedelta(days=horizon_days)):
        for period in day.periods:
            if period.start > local:
                return period
    return None
