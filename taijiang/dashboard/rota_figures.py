"""弹性服务工作制 figures per community per month, for the dashboards.

Reads the rota (coverage of staggered periods, holiday-duty days served) and the services app
(appointments handled, visits handled outside regular hours); lives here because only the
dashboard may read both. A few queries per centre; the dashboards ask for a street's handful.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Q

from grid.hours import Pattern, centre_hours
from grid.models import OpeningPeriod, ServiceCentre
from rota.months import month_bounds
from rota.selectors import month_figures

OUT_OF_HOURS_KINDS = frozenset({OpeningPeriod.Kind.STAGGERED_EARLY, OpeningPeriod.Kind.STAGGERED_LATE,
                                OpeningPeriod.Kind.EXTENDED, OpeningPeriod.Kind.HOLIDAY_DUTY})


def _out_of_hours(centre, first, last) -> Q | None:
    ranges = [Q(served_at__gte=p.start, served_at__lt=p.end)
              for day in centre_hours(centre, first, last) for p in day.periods
              if p.kind in OUT_OF_HOURS_KINDS or day.pattern in (Pattern.HOLIDAY, Pattern.WEEKEND)]
    return reduce(or_, ranges) if ranges else None


def rota_figures(*, communities, month: datetime.date) -> list[dict]:
    """One row per community centre: staggered coverage %, holiday-duty days served, appointments
    handled (checked in) and visits served in staggered, extended, weekend or holiday-duty periods."""
    from services.models import Appointment, QueueTicket, TicketStatus

    first, last = month_bounds(month)
    rows = []
    centres = ServiceCentre.objects.filter(community__in=communities).select_related("community")\
        .order_by("community__code")
    for centre in centres:
        figures = month_figures(centre, first)
        appointments = Appointment.objects.filter(slot__centre=centre, status=Appointment.Status.CHECKED_IN,
                                                  slot__start__date__gte=first, slot__start__date__lte=last).count()
        window = _out_of_hours(centre, first, last)
        visits = 0
        if window is not None:
            visits = QueueTicket.objects.filter(window, centre=centre, status=TicketStatus.COMPLETED).count()
        rows.append({"community": centre.community, "month": first, **figures,
                     "appointments_handled": appointments, "extended_hours_visits": visits})
    return rows


STAGGERED_KINDS = ("staggered_early", "staggered_late", "extended")


def rota_coverage(*, communities, month: datetime.date, today: datetime.date | None = None) -> list[dict]:
    """Staggered-period coverage (%) and holiday-duty days served in `month`, one row per community
    centre, for any number of centres in a fixed number of queries (`rota.selectors.coverage_by_centre`
    over `grid.hours.hours_by_centre`), so the street and district pages show them too. The same
    figures as `rota.selectors.month_figures` centre by centre (tested): for the current month only
    the days up to today count."""
    from django.utils import timezone

    from rota.selectors import coverage_by_centre

    first, last = month_bounds(month)
    today = today or timezone.localdate()
    last_seen = min(last, today) if first <= today else last
    centres = list(ServiceCentre.objects.filter(community__in=communities).select_related("community")
                   .order_by("community__code"))
    coverage = coverage_by_centre(centres, first, last_seen)
    rows = []
    for centre in centres:
        staggered = covered = 0
        holiday_days = set()
        for day, periods in coverage[centre.pk].items():
            for c in periods or []:
                if c.period.kind in STAGGERED_KINDS and c.pattern != Pattern.HOLIDAY:
                    staggered += 1
                    covered += c.covered
                if c.pattern == Pattern.HOLIDAY and c.covered:
                    holiday_days.add(day)
        rows.append({"community": centre.community, "centre": centre, "month": first,
                     "staggered_periods": staggered, "staggered_covered": covered,
                     "staggered_coverage": round(100 * covered / staggered, 1) if staggered else None,
                     "holiday_duty_days": len(holiday_days)})
    return rows


def coverage_gaps(*, communities, today: datetime.date, days: int = 14) -> list[dict]:
    """Per community with a gap in the coming `days` days: uncovered periods (the first named) and
    dates open without a published rota, for the street and district dashboards (issue #13: gaps
    must reach the street office, not only the community admin's home). Fixed number of queries."""
    from rota.selectors import uncovered_periods

    rows: dict[int, dict] = {}
    for gap in uncovered_periods([c.pk for c in communities], today=today, days=days):
        row = rows.setdefault(gap.community.pk, {"community": gap.community, "uncovered": 0, "no_rota_days": 0,
                                                 "first": None})
        if gap.reason == "uncovered":
            row["uncovered"] += 1
            row["first"] = row["first"] or gap
        else:
            row["no_rota_days"] += 1
    return sorted(rows.values(), key=lambda r: (-r["uncovered"], -r["no_rota_days"], r["community"].code))
