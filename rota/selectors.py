"""Rota reads shared by pages, the API, the services app (coverage) and the dashboards.

Coverage: an open period (grid.hours) is covered when a published shift of a window-qualified
worker spans it. A community whose month has no published rota has no coverage answer (None):
callers keep their behaviour from before the rota existed.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from grid.hours import DayHours, OpenPeriod, Pattern, centre_hours, hours_by_centre
from grid.models import Community, ServiceCentre
from taijiang.users.scope import scope_for

from .models import Rota, RotaPolicy, RotaStatus, Shift, SwapRequest, SwapStatus, Worker
from .months import month_bounds


def policy_for(community) -> RotaPolicy:
    """The community's generator rules; an unsaved row with the defaults when it has none."""
    return RotaPolicy.objects.filter(community=community).first() or RotaPolicy(community=community)


def rotas_visible_to(user) -> QuerySet[Rota]:
    return scope_for(user).filter(Rota.objects.select_related("community__street"), community="community")


def shifts_of_worker(user) -> QuerySet[Shift]:
    """A worker's own published shifts (the phone page and the iCal feed)."""
    return (Shift.objects.filter(worker__user=user, rota__status=RotaStatus.PUBLISHED)
            .select_related("centre", "rota").order_by("start"))


def shifts_in(rota: Rota) -> QuerySet[Shift]:
    return rota.shifts.select_related("worker__user", "centre").order_by("start", "worker__user__display_name")


def workers_of(community) -> QuerySet[Worker]:
    return (Worker.objects.filter(community=community).select_related("user")
            .order_by("-window_qualified", "user__display_name", "user__username"))


def pending_swaps(user) -> QuerySet[SwapRequest]:
    qs = SwapRequest.objects.filter(status=SwapStatus.REQUESTED).select_related(
        "shift__rota__community", "requested_by__user", "take_over_by__user")
    return scope_for(user).filter(qs, community="shift__rota__community")


@dataclass
class PeriodCoverage:
    period: OpenPeriod
    pattern: str
    workers: list = field(default_factory=list)  # Worker rows rostered in the period

    @property
    def covered(self) -> bool:
        return any(worker.window_qualified for worker in self.workers)


def _published_months(community_ids, date_from, date_to) -> set[tuple[int, datetime.date]]:
    first = date_from.replace(day=1)
    return set(Rota.objects.filter(community_id__in=community_ids, status=RotaStatus.PUBLISHED,
                                   month__gte=first, month__lte=date_to).values_list("community_id", "month"))


def coverage(centre: ServiceCentre, date_from: datetime.date, date_to: datetime.date) -> dict:
    """{date: [PeriodCoverage] or None}; None where the month has no published rota."""
    return coverage_by_centre([centre], date_from, date_to)[centre.pk]


def coverage_by_centre(centres, date_from: datetime.date, date_to: datetime.date,
                       hours: dict[int, list[DayHours]] | None = None) -> dict[int, dict]:
    """`coverage` for many centres in a fixed number of queries: {centre id: {date: [...] or None}}."""
    centres = list(centres)
    hours = hours if hours is not None else hours_by_centre(centres, date_from, date_to)
    published = _published_months({c.community_id for c in centres}, date_from, date_to)
    tz = timezone.get_current_timezone()
    shifts_at: dict[int, list[Shift]] = {c.pk: [] for c in centres}
    for shift in Shift.objects.filter(
        centre__in=[c.pk for c in centres], rota__status=RotaStatus.PUBLISHED,
        start__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
        end__gt=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz),
    ).select_related("worker__user"):
        shifts_at[shift.centre_id].append(shift)
    answer = {}
    for centre in centres:
        shifts = shifts_at[centre.pk]
        per_day = {}
        for day in hours[centre.pk]:
            if (centre.community_id, day.day.replace(day=1)) not in published:
                per_day[day.day] = None
                continue
            per_day[day.day] = [
                PeriodCoverage(period=p, pattern=day.pattern,
                               workers=[s.worker for s in shifts if s.start <= p.start and s.end >= p.end])
                for p in day.periods
            ]
        answer[centre.pk] = per_day
    return answer


def has_published_rota(community: Community, day: datetime.date) -> bool:
    return Rota.objects.filter(community=community, month=day.replace(day=1), status=RotaStatus.PUBLISHED).exists()


def bookable_periods(centre: ServiceCentre, day: datetime.date) -> list[OpenPeriod]:
    """The periods in which the services app may offer appointments on `day`.

    With a published rota: the open periods that are covered (holiday-duty periods included, so a
    holiday with covered duty offers appointments). Without one (the fallback that keeps the
    behaviour from before the rota): the open periods of a non-holiday date, none on a holiday.
    """
    (hours,) = centre_hours(centre, day, day)
    if centre.community_id is None:
        return [] if hours.pattern == Pattern.HOLIDAY else hours.periods
    periods = coverage(centre, day, day)[day]
    if periods is None:
        return [] if hours.pattern == Pattern.HOLIDAY else hours.periods
    return [c.period for c in periods if c.covered]


def rostered_at(centre: ServiceCentre, moment: datetime.datetime) -> bool | None:
    """Whether anyone is rostered at `moment`; None when the month has no published rota."""
    if centre.community_id is None:
        return None
    local = timezone.localtime(moment)
    if not has_published_rota(centre.community, local.date()):
        return None
    return Shift.objects.filter(centre=centre, rota__status=RotaStatus.PUBLISHED, start__lte=moment,
                                end__gt=moment).exists()


@dataclass(frozen=True)
class Gap:
    community: Community
    day: datetime.date
    opens: datetime.time
    closes: datetime.time
    kind_label: str
    reason: str  # "no_rota" (the month is not published) or "uncovered"


def uncovered_periods(communities, *, today: datetime.date | None = None, days: int = 14) -> list[Gap]:
    """Open periods in the coming `days` days that no window-qualified worker covers.

    A month without a published rota yields one "no_rota" gap per open date, so the admin sees
    that services are running on the fallback. Six queries whatever the number of centres, so the
    street and district dashboards can ask for every community in scope."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=days - 1)
    centres = list(ServiceCentre.objects.filter(community__in=communities).select_related("community")
                   .order_by("community__code", "pk"))
    hours = hours_by_centre(centres, today, last)
    covered = coverage_by_centre(centres, today, last, hours=hours)
    gaps = []
    for centre in centres:
        hours_by_day = {h.day: h for h in hours[centre.pk]}
        for day, periods in covered[centre.pk].items():
            if periods is None:
                open_periods = hours_by_day[day].periods
                if open_periods:
                    gaps.append(Gap(centre.community, day, open_periods[0].opens, open_periods[-1].closes, "", "no_rota"))
                continue
            for c in periods:
                if not c.covered:
                    gaps.append(Gap(centre.community, day, c.period.opens, c.period.closes,
                                    c.period.kind_label, "uncovered"))
    return gaps


def month_figures(centre: ServiceCentre, month: datetime.date) -> dict:
    """Staggered-period coverage (%) and holiday-duty days served for one centre's month.

    For the current month only the days up to today count (what was served, not what is planned)."""
    first, last = month_bounds(month)
    today = timezone.localdate()
    last_seen = min(last, today) if first <= today else last
    staggered = covered_staggered = 0
    holiday_days = set()
    for day, periods in coverage(centre, first, last_seen).items():
        for c in periods or []:
            if c.period.kind in ("staggered_early", "staggered_late", "extended") and c.pattern != Pattern.HOLIDAY:
                staggered += 1
                covered_staggered += c.covered
            if c.pattern == Pattern.HOLIDAY and c.covered:
                holiday_days.add(day)
    return {
        "staggered_periods": staggered,
        "staggered_covered": covered_staggered,
        "staggered_coverage": round(100 * covered_staggered / staggered, 1) if staggered else None,
        "holiday_duty_days": len(holiday_days),
    }


def hours_of(centre: ServiceCentre, date_from: datetime.date, date_to: datetime.date) -> list[DayHours]:
    return centre_hours(centre, date_from, date_to)
