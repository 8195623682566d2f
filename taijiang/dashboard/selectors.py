"""Cross-app figures for the admins' overview. Reads the apps' public selectors; owns no data.

`overview` builds the four sections for the communities in scope, `community_rows` the
per-community comparison (and the CSV), `trend` the 30-day lines from the nightly rollups.
Every function takes the communities as a list (evaluated once by the caller) and costs a
fixed number of queries, except the office-share figure (two small queries per centre).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from statistics import mean

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DailyFigure, Metric
from .services import BOOKINGS_HELD_STATUSES

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TREND_DAYS = 30
TREND_METRICS = (Metric.APPEALS_SUBMITTED, Metric.APPEALS_CLOSED, Metric.TICKETS_ISSUED, Metric.TICKETS_SERVED,
                 Metric.VISITS_LOGGED, Metric.BOOKINGS_HELD)


@dataclass(frozen=True)
class Period:
    days: int
    date_from: datetime.date
    date_to: datetime.date

    @classmethod
    def ending(cls, today: datetime.date, days: int) -> "Period":
        return cls(days=days, date_from=today - datetime.timedelta(days=days - 1), date_to=today)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return start, end


def _share(part, whole):
    return round(part / whole, 4) if whole else None


# --- sections ----------------------------------------------------------------------------

def appeals_section(ids: list[int], period: Period) -> dict:
    from appeals.models import Appeal
    from appeals.selectors import appeal_figures
    from appeals.workflow import APPEAL_FLOW, OPEN_STATUSES

    figures = appeal_figures(communities=ids, date_from=period.date_from, date_to=period.date_to)
    overdue = Appeal.objects.filter(community__in=ids, status__in=OPEN_STATUSES, is_overdue=True).count()
    categories = sorted(figures["by_category"].items(), key=lambda kv: (-kv[1], kv[0]))
    return figures | {
        "overdue_now": overdue,
        "status_rows": [{"status": s, "label": APPEAL_FLOW.label(s), "count": n}
                        for s, n in sorted(figures["by_status"].items(), key=lambda kv: -kv[1])],
        "category_rows": [{"label": k or str(_("未分类")), "count": v} for k, v in categories],
        "chart": {"labels": [k or str(_("未分类")) for k, _v in categories], "values": [v for _k, v in categories]},
    }


def services_section(ids: list[int], period: Period) -> dict:
    from services.models import RequestStatus
    from services.selectors import queue_figures, request_figures

    queue = queue_figures(communities=ids, date_from=period.date_from, date_to=period.date_to)
    requests = request_figures(communities=ids, date_from=period.date_from, date_to=period.date_to)
    labels = dict(RequestStatus.choices)
    return {
        "queue": queue["total"],
        "by_hour": queue["by_hour"],
        "chart": {"labels": [f"{row['hour']:02d}:00" for row in queue["by_hour"]],
                  "values": [row["tickets"] for row in queue["by_hour"]]},
        "requests": requests,
        "request_rows": [{"status": s, "label": labels.get(s, s), "count": n}
                         for s, n in requests["by_status"].items() if n],
    }


def coverage_section(communities: list, today: datetime.date) -> dict:
    from grid.coverage import coverage_by_community, week_starts

    rows = coverage_by_community(communities, today)
    households = sum(r.households for r in rows)
    covered = sum(r.covered for r in rows)
    weekly = [sum(r.weekly_visits[i] for r in rows) for i in range(len(week_starts(today)))]
    targets = {r.target_percent for r in rows}
    return {
        "rows": rows,
        "households": households,
        "covered": covered,
        "percent": round(100 * covered / households, 1) if households else None,
        "target_percent": min(targets) if targets else None,
        "below_target": [r for r in rows if r.below_target],
        "overdue_high_risk": sum(r.overdue_high_risk for r in rows),
        "overdue": sum(r.overdue for r in rows),
        "chart": {"labels": [f"{d:%m-%d}" for d in week_starts(today)], "values": weekly},
    }


def centres_in_scope(ids: list[int], street_ids: list[int] | None):
    """The community centres of `ids`, plus the streets' own centres when `street_ids` is given."""
    from grid.models import ServiceCentre

    where = Q(community__in=ids)
    if street_ids:
        where |= Q(community__isnull=True, street__in=street_ids)
    return list(ServiceCentre.objects.filter(where).select_related("community", "street").order_by("name"))


def spaces_section(centres: list, period: Period, today: datetime.date) -> dict:
    from spaces.models import Room
    from spaces.selectors import no_show_rate, office_shares, underused_slices, utilisation

    rooms = list(Room.objects.filter(centre__in=centres, is_active=True).select_related("centre"))
    use = utilisation(rooms=rooms, date_from=period.date_from, date_to=period.date_to)
    return {
        "centres": office_shares(centres),  # two queries for every centre in scope
        "total": use["total"],
        "rooms": use["rooms"],
        "no_show": no_show_rate(rooms=rooms, date_from=period.date_from, date_to=period.date_to),
        "underused": underused_slices(rooms=rooms, today=today)[:10] if rooms else [],
    }


def overview(*, communities: list, period: Period, today: datetime.date, street_ids: list[int] | None = None) -> dict:
    ids = [c.pk for c in communities]
    return {
        "appeals": appeals_section(ids, period),
        "services": services_section(ids, period),
        "coverage": coverage_section(communities, today),
        "spaces": spaces_section(centres_in_scope(ids, street_ids), period, today),
        "trend": trend(ids, today=today),
    }


# --- per community (comparison table and CSV) ---------------------------------------------

def community_rows(*, communities: list, period: Period, today: datetime.date) -> list[dict]:
    """One row of headline figures per community, in a fixed number of queries."""
    from appeals.models import Appeal
    from appeals.workflow import OPEN_STATUSES, RESOLVED_STATUSES
    from grid.coverage import coverage_by_community
    from services.models import QueueTicket, RequestStatus, ServiceRequest, TicketStatus
    from spaces.models import Booking

    ids = [c.pk for c in communities]
    start, end = period.bounds
    appeals = Appeal.objects.filter(community__in=ids, created_at__gte=start, created_at__lt=end)
    appeal_counts = {r["community"]: r for r in appeals.values("community").annotate(
        total=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES))).order_by()}
    late = dict(appeals.filter(status__in=RESOLVED_STATUSES, breaches__kind="resolve").values("community")
                .annotate(n=Count("pk", distinct=True)).values_list("community", "n").order_by())
    overdue = dict(Appeal.objects.filter(community__in=ids, status__in=OPEN_STATUSES, is_overdue=True)
                   .values("community").annotate(n=Count("pk")).values_list("community", "n").order_by())
    tickets = defaultdict(lambda: {"tickets": 0, "served": 0, "waits": []})
    for cid, status, issued, called in QueueTicket.objects.filter(
            centre__community__in=ids, service_date__gte=period.date_from, service_date__lte=period.date_to
    ).values_list("centre__community", "status", "issued_at", "called_at"):
        row = tickets[cid]
        row["tickets"] += 1
        row["served"] += status == TicketStatus.COMPLETED
        if called:
            row["waits"].append((called - issued).total_seconds() / 60)
    requests = dict(ServiceRequest.objects.filter(community__in=ids, submitted_at__gte=start, submitted_at__lt=end)
                    .values("community").annotate(n=Count("pk")).values_list("community", "n").order_by())
    completed = defaultdict(lambda: [0, 0])
    for cid, closed, due in ServiceRequest.objects.filter(
            community__in=ids, submitted_at__gte=start, submitted_at__lt=end, status=RequestStatus.COMPLETED,
            due_date__isnull=False).values_list("community", "closed_at", "due_date"):
        completed[cid][0] += 1
        completed[cid][1] += timezone.localdate(closed) <= due
    bookings = dict(Booking.objects.filter(room__centre__community__in=ids, start__gte=start, start__lt=end,
                                           status__in=BOOKINGS_HELD_STATUSES)
                    .values("room__centre__community").annotate(n=Count("pk"))
                    .values_list("room__centre__community", "n").order_by())
    coverage = {row.obj.pk: row for row in coverage_by_community(communities, today)}
    rows = []
    for community in communities:
        cid = community.pk
        a = appeal_counts.get(cid, {"total": 0, "resolved": 0})
        t = tickets[cid]
        done, on_time = completed[cid]
        cov = coverage[cid]
        rows.append({
            "community": community,
            "appeals": a["total"],
            "appeals_resolved": a["resolved"],
            "appeals_on_time_rate": _share(a["resolved"] - late.get(cid, 0), a["resolved"]),
            "appeals_overdue_now": overdue.get(cid, 0),
            "tickets": t["tickets"],
            "tickets_served": t["served"],
            "avg_wait_min": round(mean(t["waits"]), 1) if t["waits"] else None,
            "requests": requests.get(cid, 0),
            "requests_on_time_rate": _share(on_time, done),
            "households": cov.households,
            "coverage_percent": cov.percent if cov.households else None,
            "coverage_target": cov.target_percent,
            "overdue_high_risk": cov.overdue_high_risk,
            "bookings_held": bookings.get(cid, 0),
        })
    return rows


# --- trend from the nightly rollups ----------------------------------------------------------

def trend(ids: list[int], *, today: datetime.date, days: int = TREND_DAYS) -> dict:
    """Daily sums of the rolled-up metrics over the `days` days before today (one query).

    The average wait is weighted by tickets issued in each community that day.
    """
    dates = [today - datetime.timedelta(days=n) for n in range(days, 0, -1)]
    sums = defaultdict(lambda: defaultdict(Decimal))
    weighted = defaultdict(lambda: [Decimal(0), Decimal(0)])
    per_community = defaultdict(dict)
    for cid, day, metric, value in DailyFigure.objects.filter(
            community__in=ids, date__gte=dates[0], date__lte=dates[-1]).values_list(
            "community", "date", "metric", "value"):
        sums[metric][day] += value
        per_community[(cid, day)][metric] = value
    for (_cid, day), metrics in per_community.items():
        if Metric.AVG_WAIT_MINUTES in metrics:
            weight = metrics.get(Metric.TICKETS_ISSUED) or Decimal(1)
            weighted[day][0] += metrics[Metric.AVG_WAIT_MINUTES] * weight
            weighted[day][1] += weight
    labels = dict(Metric.choices)
    series = [{"metric": m, "name": str(labels[m]), "data": [int(sums[m].get(d, 0)) for d in dates]}
              for m in TREND_METRICS]
    wait = [round(float(weighted[d][0] / weighted[d][1]), 1) if weighted[d][1] else None for d in dates]
    return {"labels": [f"{d:%m-%d}" for d in dates], "series": series, "wait": wait,
            "has_data": bool(per_community)}
