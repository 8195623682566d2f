"""Cross-app figures for the admins' dashboards. Reads the apps; owns no data.

Every section takes a `Territory` (filters.py: the communities in it, and the grid at grid level)
and a `Period`, and costs a fixed number of queries however many communities the territory holds
(tests/dashboard/test_queries.py). Rates are percentages (0–100, one decimal) or None when there is
nothing to divide by; definitions live in kpis.py and docs/dashboard.md.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .filters import Period  # noqa: F401  (re-exported: older callers import it from here)
from .models import DailyFigure, Metric
from .services import BOOKINGS_HELD_STATUSES
from .stats import duration_percentiles, percentile  # noqa: F401  (percentile: re-exported for callers)

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TREND_DAYS = 30
TREND_METRICS = (Metric.APPEALS_SUBMITTED, Metric.APPEALS_CLOSED, Metric.TICKETS_ISSUED, Metric.TICKETS_SERVED,
                 Metric.VISITS_LOGGED, Metric.BOOKINGS_HELD)
SUGGESTION_MIN_DAYS = 28   # re-purposing is suggested only from at least four weeks of history
SUGGESTION_THRESHOLD = 20  # % booked below which a slice is a candidate


def pct(part, whole) -> float | None:
    """part / whole as a percentage with one decimal; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


# --- sections ----------------------------------------------------------------------------

def _appeals_in(territory, period):
    from appeals.models import Appeal

    start, end = period.bounds
    qs = Appeal.objects.filter(community__in=territory.community_ids, created_at__gte=start, created_at__lt=end)
    if territory.grid_ids is not None:
        qs = qs.filter(grid__in=territory.grid_ids)
    return qs


def _open_overdue(territory):
    from appeals.models import Appeal
    from appeals.workflow import OPEN_STATUSES

    qs = Appeal.objects.filter(community__in=territory.community_ids, status__in=OPEN_STATUSES, is_overdue=True)
    if territory.grid_ids is not None:
        qs = qs.filter(grid__in=territory.grid_ids)
    return qs


def appeals_section(territory, period) -> dict:
    from appeals.models import AppealEvent
    from appeals.workflow import APPEAL_FLOW, OPEN_STATUSES, RESOLVED_STATUSES

    qs = _appeals_in(territory, period)
    totals = qs.aggregate(
        received=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
        overdue_open=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_overdue=True)),
        closed=Count("pk", filter=Q(status="closed")),
        unrated=Count("pk", filter=Q(status="closed", rating__isnull=True)),
        rated=Count("rating"),
    )
    late = qs.filter(status__in=RESOLVED_STATUSES, breaches__kind="resolve").values("pk").distinct().count()
    ratings = list(qs.filter(rating__isnull=False).values_list("rating", flat=True))
    times = duration_percentiles(qs, {"first_reply": ("created_at", "first_reply_at", (50, 90), None),
                                      "resolve": ("created_at", "resolved_at", (50, 90), None)}, scale=60)
    reopened = (AppealEvent.objects.filter(appeal__in=qs, kind=AppealEvent.Kind.TRANSITION,
                                           from_status__in=RESOLVED_STATUSES, to_status__in=OPEN_STATUSES)
                .values("appeal").distinct().count())
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    categories = sorted(((name or "", n, pk) for pk, name, n in qs.values_list("category", "category__name")
                         .annotate(n=Count("pk")).order_by()), key=lambda row: (-row[1], row[0]))
    by_level = dict(qs.values_list("level").annotate(n=Count("pk")).order_by())
    on_time = totals["resolved"] - late
    counted = totals["resolved"] + totals["overdue_open"]
    from appeals.models import Level as AppealLevel

    level_labels = dict(AppealLevel.choices)
    return {
        "total": totals["received"],
        "resolved": totals["resolved"],
        "on_time": on_time,
        "counted": counted,
        "on_time_rate": pct(on_time, counted),
        "overdue_open": totals["overdue_open"],
        "overdue_now": _open_overdue(territory).count(),
        "first_reply_p50": times["first_reply"][50], "first_reply_p90": times["first_reply"][90],
        "resolve_p50": times["resolve"][50], "resolve_p90": times["resolve"][90],
        "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "unrated_share": pct(totals["unrated"], totals["closed"]),
        "reopened": reopened,
        "by_status": by_status,
        "status_rows": [{"status": s, "label": APPEAL_FLOW.label(s), "count": n}
                        for s, n in sorted(by_status.items(), key=lambda kv: -kv[1])],
        "category_rows": [{"label": k or str(_("未分类")), "count": v, "category": pk} for k, v, pk in categories],
        "level_rows": [{"level": k, "label": level_labels.get(k, k), "count": v}
                       for k, v in sorted(by_level.items(), key=lambda kv: -kv[1])],
        "chart": {"labels": [k or str(_("未分类")) for k, _v, _pk in categories],
                  "values": [v for _k, v, _pk in categories], "categories": [pk for _k, _v, pk in categories]},
    }


def services_section(territory, period) -> dict:
    from services.models import QueueTicket, RequestStatus, ServiceRequest, TicketStatus
    from services.selectors import queue_figures, request_figures

    ids = territory.community_ids
    queue = queue_figures(communities=ids, date_from=period.date_from, date_to=period.date_to)
    requests = request_figures(communities=ids, date_from=period.date_from, date_to=period.date_to)
    tickets = QueueTicket.objects.filter(centre__community__in=ids, service_date__gte=period.date_from,
                                         service_date__lte=period.date_to)
    times = duration_percentiles(tickets, {
        "wait": ("issued_at", "called_at", (50, 90), None),
        "service": ("called_at", "completed_at", (50, 90), Q(status=TicketStatus.COMPLETED))})
    start, end = period.bounds
    online = ServiceRequest.objects.filter(community__in=ids, submitted_at__gte=start, submitted_at__lt=end,
                                           channel=ServiceRequest.Channel.ONLINE).count()
    # Honest on-time rate: open requests already past their promised date count against it.
    counted = requests["completed_with_due_date"] + requests["overdue_open"]
    labels = dict(RequestStatus.choices)
    total = queue["total"]
    return {
        "queue": total | {"wait_p50": times["wait"][50], "wait_p90": times["wait"][90],
                          "service_p50": times["service"][50], "service_p90": times["service"][90]},
        "by_hour": queue["by_hour"],
        "by_window": queue["by_window"],
        "by_item": item_rows(ids, period),
        "chart": {"labels": [f"{row['hour']:02d}:00" for row in queue["by_hour"]],
                  "values": [row["tickets"] for row in queue["by_hour"]]},
        "requests": requests | {"online": online, "counted": counted,
                                "on_time_rate": pct(requests["on_time"], counted)},
        "request_rows": [{"status": s, "label": labels.get(s, s), "count": n}
                         for s, n in requests["by_status"].items() if n],
    }


def coverage_section(territory, period, today: datetime.date) -> dict:
    from grid.coverage import coverage_by_community, coverage_by_grid, week_starts
    from grid.models import Grid, Visit

    if territory.grid is not None:
        rows = coverage_by_grid(Grid.objects.filter(pk=territory.grid.pk), today)
        grids = Grid.objects.filter(pk=territory.grid.pk)
        visits = Visit.objects.filter(grid=territory.grid)
    else:
        rows = coverage_by_community(territory.communities, today)
        grids = Grid.objects.filter(community__in=territory.community_ids)
        visits = Visit.objects.filter(grid__community__in=territory.community_ids)
    start, end = period.bounds
    in_period = visits.filter(visited_at__gte=start, visited_at__lt=end).aggregate(
        n=Count("pk"), doorstep=Count("pk", filter=~Q(actions_taken="")), workers=Count("worker", distinct=True))
    households = sum(r.households for r in rows)
    covered = sum(r.covered for r in rows)
    weekly = [sum(r.weekly_visits[i] for r in rows) for i in range(len(week_starts(today)))]
    targets = {r.target_percent for r in rows}
    weeks = period.days / 7
    return {
        "rows": rows,
        "households": households,
        "covered": covered,
        "percent": pct(covered, households),
        "target_percent": min(targets) if targets else None,
        "below_target": [r for r in rows if r.below_target],
        "overdue_high_risk": sum(r.overdue_high_risk for r in rows),
        "overdue": sum(r.overdue for r in rows),
        "visits": in_period["n"],
        "doorstep": in_period["doorstep"],
        "visits_per_worker_week": (round(in_period["n"] / in_period["workers"] / weeks, 1)
                                   if in_period["workers"] else None),
        "grids_without_worker": grids.filter(workers__isnull=True).count(),
        "chart": {"labels": [f"{d:%m-%d}" for d in week_starts(today)], "values": weekly},
    }


def item_rows(ids: list[int], period) -> list[dict]:
    """The one window by service item (the by-item table, its CSV and XLSX): tickets, served,
    no-shows, mean wait and mean service minutes, most tickets first (one grouped query)."""
    from django.db.models import Avg, DurationField, ExpressionWrapper, F

    from services.models import TicketStatus

    completed = Q(status=TicketStatus.COMPLETED)
    rows = _tickets_in(ids, period).values("item", "item__name").annotate(
        tickets=Count("pk"), served=Count("pk", filter=completed),
        no_shows=Count("pk", filter=Q(status=TicketStatus.NO_SHOW)),
        wait=Avg(ExpressionWrapper(F("called_at") - F("issued_at"), output_field=DurationField())),
        service=Avg(ExpressionWrapper(F("completed_at") - F("called_at"), output_field=DurationField()),
                    filter=completed)).order_by()

    def minutes(value):
        if value is None:
            return None
        seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else value / 1_000_000
        return round(seconds / 60, 1)

    return sorted(({"item": row["item"], "name": row["item__name"] or str(_("未选事项")),
                    "tickets": row["tickets"], "tickets_served": row["served"], "tickets_no_show": row["no_shows"],
                    "avg_wait_minutes": minutes(row["wait"]), "avg_service_minutes": minutes(row["service"])}
                   for row in rows), key=lambda r: (-r["tickets"], r["name"]))


def centres_in_scope(ids: list[int], street_ids: list[int] | None):
    """The community centres of `ids`, plus the streets' own centres when `street_ids` is given."""
    from grid.models import ServiceCentre

    where = Q(community__in=ids)
    if street_ids:
        where |= Q(community__isnull=True, street__in=street_ids)
    return list(ServiceCentre.objects.filter(where).select_related("community", "street").order_by("name"))


WEEKDAY_LABELS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


def spaces_section(centres: list, period, today: datetime.date, *, room: int | None = None,
                   function: str | None = None) -> dict:
    """Utilisation over the chosen range (one pass), the hour × weekday heatmap (of every room, or of
    the chosen `room` or slice `function`), office share, and re-purposing suggestions only for slices
    with at least four weeks of history in the range."""
    from django.db.models import Min

    from spaces.figures import function_months
    from spaces.models import Activity, Booking, Function, Room, SignUp
    from spaces.selectors import no_show_rate, office_shares, utilisation

    rooms = list(Room.objects.filter(centre__in=centres, is_active=True).select_related("centre"))
    use = utilisation(rooms=rooms, date_from=period.date_from, date_to=period.date_to)
    room = room if any(r.pk == room for r in rooms) else None
    function = function if function in use["function_hours"] else None
    if room is not None:
        grid = use["room_hours"].get(room) or [[{"available": 0, "booked": 0, "rate": None}] * 24] * 7
    elif function is not None:
        grid = use["function_hours"][function]
    else:
        grid = use["hours"]
    heatmap = [[row[h]["rate"] for h in range(24)] for row in grid]
    offered_hours = [h for h in range(24) if any(grid[d][h]["available"] for d in range(7))]
    by_function = defaultdict(lambda: [0, 0])
    for row in use["slices"]:
        by_function[row["slice"].function][0] += row["booked_minutes"]
        by_function[row["slice"].function][1] += row["available_minutes"]
    first_use = dict(Booking.objects.filter(room__in=rooms).values_list("room").annotate(first=Min("start"))
                     .values_list("room", "first").order_by())
    start, end = period.bounds
    enough = period.days >= SUGGESTION_MIN_DAYS
    demand = defaultdict(lambda: defaultdict(int))
    for row in use["slices"]:
        demand[row["room"].centre_id][row["slice"].function] += row["booked_minutes"]
    suggestions = []
    for row in use["slices"] if enough else []:
        first = first_use.get(row["room"].pk)
        # A room without bookings before the range, or a slice offered fewer than four times, has no
        # history to judge by: a new centre is not "under-used everywhere".
        if row["rate"] is None or first is None or first > start or 100 * row["rate"] >= SUGGESTION_THRESHOLD:
            continue
        wanted = sorted(((m, f) for f, m in demand[row["room"].centre_id].items()
                         if f != row["slice"].function and m > 0), reverse=True)
        suggestions.append(row | {"rate_percent": pct(row["booked_minutes"], row["available_minutes"]),
                                  "suggested_label": str(Function(wanted[0][1]).label) if wanted else ""})
    activities = Activity.objects.filter(booking__room__in=rooms, booking__start__gte=start,
                                         booking__start__lt=end).exclude(status="cancelled")
    attendance = SignUp.objects.filter(activity__in=activities, attended=True).count()
    no_show = no_show_rate(rooms=rooms, date_from=period.date_from, date_to=period.date_to)
    function_labels = dict(Function.choices)
    # Every room of the centres, retired ones too: the bookings list behind this figure shows them all.
    bookings_held = Booking.objects.filter(room__centre__in=centres, start__gte=start, start__lt=end,
                                           status__in=BOOKINGS_HELD_STATUSES).count()
    return {
        "centres": [o | {"share_percent": pct(o["share"], 1) if o["share"] is not None else None}
                    for o in office_shares(centres)],
        "total": use["total"] | {"percent": pct(use["total"]["booked_minutes"], use["total"]["available_minutes"])},
        "rooms": [r | {"percent": pct(r["booked_minutes"], r["available_minutes"])} for r in use["rooms"]],
        "functions": sorted(({"function": f, "label": function_labels.get(f, f), "booked_minutes": b,
                              "available_minutes": a, "percent": pct(b, a)} for f, (b, a) in by_function.items()),
                            key=lambda r: -r["available_minutes"]),
        "heatmap": {"weekdays": [str(w) for w in WEEKDAY_LABELS], "hours": offered_hours,
                    "rows": [[None if heatmap[d][h] is None else round(100 * heatmap[d][h], 1)
                              for h in offered_hours] for d in range(7)],
                    "minutes": [[(grid[d][h]["booked"], grid[d][h]["available"]) for h in offered_hours]
                                for d in range(7)]},
        "heatmap_room": room, "heatmap_function": function,
        "room_choices": [(r.pk, f"{r.centre} · {r.name}") for r in rooms],
        "function_choices": sorted(((f, function_labels.get(f, f)) for f in use["function_hours"]),
                                   key=lambda pair: str(pair[1])),
        "no_show": no_show | {"percent": pct(no_show["no_shows"], no_show["due"])},
        "bookings_held": bookings_held,
        "activities": activities.count(),
        "attendance": attendance,
        "function_months": function_month_rows(function_months(rooms=rooms, date_from=period.date_from,
                                                               date_to=period.date_to), function_labels),
        "suggestions_need_history": not enough,
        "underused": sorted(suggestions, key=lambda r: r["rate"])[:10],
    }


def function_month_rows(months: list[dict], labels: dict) -> dict:
    """Rooms by function over time as a table: one row per function offered in the range, one cell per
    month (rooms offering it, hours offered); `rows` is the same flattened for the exports."""
    functions = sorted({f for m in months for f in m["functions"]}, key=lambda f: str(labels.get(f, f)))
    table = [{"function": f, "label": str(labels.get(f, f)),
              "cells": [m["functions"].get(f, {"rooms": 0, "minutes": 0}) | {
                  "hours": round(m["functions"].get(f, {}).get("minutes", 0) / 60, 1)} for m in months]}
             for f in functions]
    rows = [{"name": f"{m['month']:%Y-%m} · {row['label']}", "function_rooms": cell["rooms"],
             "function_hours": cell["hours"]}
            for i, m in enumerate(months) for row in table for cell in [row["cells"][i]]]
    return {"months": [f"{m['month']:%Y-%m}" for m in months], "table": table, "rows": rows}


def function_rows(territory, period) -> list[dict]:
    """The rooms-by-function table's cells for the exports (the page's rooms: active rooms of the
    territory's centres)."""
    from spaces.figures import function_months
    from spaces.models import Function, Room

    rooms = Room.objects.filter(centre__in=centres_in_scope(territory.community_ids, territory.street_ids),
                                is_active=True)
    months = function_months(rooms=rooms, date_from=period.date_from, date_to=period.date_to)
    return function_month_rows(months, dict(Function.choices))["rows"]


def overview(*, territory, period, today: datetime.date, room: int | None = None, function: str | None = None) -> dict:
    return {
        "reform": reform_section(territory, period, today),
        "appeals": appeals_section(territory, period),
        "services": services_section(territory, period),
        "coverage": coverage_section(territory, period, today),
        "spaces": spaces_section(centres_in_scope(territory.community_ids, territory.street_ids), period, today,
                                 room=room, function=function),
        "trend": trend(territory.community_ids, today=today),
    }


def headline(*, territory, period, today: datetime.date | None = None) -> dict:
    """The few figures compared with the previous period. Appeals submitted, tickets issued and
    visits come from the nightly rollups for the days already rolled up and are counted live for the
    others (`rolled_up`; at grid level everything is live: rollups are per community); the on-time
    rate is live (a cohort's rate changes as its cases close)."""
    from appeals.workflow import OPEN_STATUSES, RESOLVED_STATUSES
    from grid.models import Visit

    appeals = _appeals_in(territory, period)
    a = appeals.aggregate(resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
                          overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_overdue=True)))
    late = appeals.filter(status__in=RESOLVED_STATUSES, breaches__kind="resolve").values("pk").distinct().count()
    ids = territory.community_ids
    visits = Visit.objects.filter(grid__community__in=ids)
    if territory.grid_ids is not None:
        visits = visits.filter(household__building__grid__in=territory.grid_ids)
    counts = rolled_up(ids, period.date_from, period.date_to, today=today, per_community=territory.grid_ids is None,
                       live={Metric.APPEALS_SUBMITTED: (_territory_appeals(territory), "created_at", None),
                             Metric.TICKETS_ISSUED: (_tickets_in(ids, period), "service_date", None),
                             Metric.VISITS_LOGGED: (visits, "visited_at", None)})
    return {"appeals": counts[Metric.APPEALS_SUBMITTED],
            "appeals_on_time_rate": pct(a["resolved"] - late, a["resolved"] + a["overdue"]),
            "tickets": counts[Metric.TICKETS_ISSUED], "visits": counts[Metric.VISITS_LOGGED]}


def _territory_appeals(territory):
    from appeals.models import Appeal

    qs = Appeal.objects.filter(community__in=territory.community_ids)
    if territory.grid_ids is not None:
        qs = qs.filter(grid__in=territory.grid_ids)
    return qs


def _days(date_from: datetime.date, date_to: datetime.date):
    for offset in range((date_to - date_from).days + 1):
        yield date_from + datetime.timedelta(days=offset)


def _runs(days):
    run = None
    for day in days:
        if run and day == run[1] + datetime.timedelta(days=1):
            run[1] = day
        else:
            if run:
                yield tuple(run)
            run = [day, day]
    if run:
        yield tuple(run)


def _live_days_q(field: str, runs, *, dates: bool = False) -> Q:
    """`field` within the given runs of local days (a DateField when `dates`)."""
    tz = timezone.get_current_timezone()
    where = Q(pk__in=[])
    for first, last in runs:
        if dates:
            where |= Q(**{f"{field}__gte": first, f"{field}__lte": last})
        else:
            where |= Q(**{f"{field}__gte": datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
                          f"{field}__lt": datetime.datetime.combine(last + datetime.timedelta(days=1),
                                                                   datetime.time.min, tzinfo=tz)})
    return where


def rolled_up(ids: list[int], date_from: datetime.date, date_to: datetime.date, *, live: dict,
              today: datetime.date | None = None, per_community: bool = True, by_month: bool = False) -> dict:
    """Counts of `live`'s metrics over [date_from, date_to]: the `DailyFigure` rollups for the days
    listed in `RollupDay` (before today), and a live count over the other days.

    `live` maps a metric to (queryset already narrowed to the territory, its date field, extra
    aggregates or None). With `per_community=False` (a grid's page: rollups are per community)
    everything is counted live. Returns {metric: n}, or with `by_month` {metric: {first of month:
    n}} (and the extra aggregates under their names). Tested equal to the live counts
    (tests/dashboard/test_rollup.py).
    """
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    from .models import RollupDay

    today = today or timezone.localdate()
    rolled = set()
    if per_community:
        rolled = set(RollupDay.objects.filter(date__gte=date_from, date__lte=min(date_to, today - datetime.timedelta(days=1)))
                     .values_list("date", flat=True))
    runs = list(_runs(d for d in _days(date_from, date_to) if d not in rolled))
    result = {}
    if rolled:
        rows = DailyFigure.objects.filter(community__in=ids, date__in=sorted(rolled), metric__in=list(live) + [
            name for _qs, _f, extra in live.values() for name in (extra or {})])
        if by_month:
            for metric, month, n in rows.annotate(m=TruncMonth("date")).values_list("metric", "m").annotate(
                    n=Sum("value")).values_list("metric", "m", "n").order_by():
                month = month.date() if isinstance(month, datetime.datetime) else month
                result.setdefault(metric, defaultdict(int))[month] += int(n)
        else:
            for metric, n in rows.values_list("metric").annotate(n=Sum("value")).values_list("metric", "n").order_by():
                result[metric] = int(n)
    tz = timezone.get_current_timezone()
    for metric, (qs, field, extra) in live.items():
        extra = extra or {}
        if not runs:
            continue
        is_date = qs.model._meta.get_field(field).get_internal_type() == "DateField"
        narrowed = qs.filter(_live_days_q(field, runs, dates=is_date))
        if by_month:
            grouped = (narrowed.annotate(m=TruncMonth(field, tzinfo=None if is_date else tz)).values("m")
                       .annotate(n=Count("pk"), **extra).order_by())
            for row in grouped:
                month = row["m"].date() if isinstance(row["m"], datetime.datetime) else row["m"]
                result.setdefault(metric, defaultdict(int))[month] += row["n"]
                for name in extra:
                    result.setdefault(name, defaultdict(int))[month] += row[name]
        else:
            row = narrowed.aggregate(n=Count("pk"), **extra)
            result[metric] = result.get(metric, 0) + row["n"]
            for name in extra:
                result[name] = result.get(name, 0) + row[name]
    empty = (lambda: defaultdict(int)) if by_month else (lambda: 0)
    for metric, (_qs, _f, extra) in live.items():
        for name in [metric, *(extra or {})]:
            result.setdefault(name, empty())
    return result


def _tickets_in(ids: list[int], period):
    from services.models import QueueTicket

    return QueueTicket.objects.filter(centre__community__in=ids, service_date__gte=period.date_from,
                                      service_date__lte=period.date_to)


# --- per community (comparison table and exports) ------------------------------------------

def community_rows(*, communities: list, period, today: datetime.date, coverage_rows=None) -> list[dict]:
    """One row of headline figures per community, in a fixed number of queries.

    Rows also carry the numerators and denominators of their rates (`_…` keys), so rows can be
    summed into a street's row without averaging percentages.
    """
    from appeals.models import Appeal
    from appeals.workflow import OPEN_STATUSES, RESOLVED_STATUSES
    from grid.coverage import coverage_by_community
    from services.models import RequestStatus, ServiceRequest, TicketStatus
    from spaces.models import Booking

    ids = [c.pk for c in communities]
    start, end = period.bounds
    appeals = Appeal.objects.filter(community__in=ids, created_at__gte=start, created_at__lt=end)
    appeal_counts = {r["community"]: r for r in appeals.values("community").annotate(
        total=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
        overdue_open=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_overdue=True))).order_by()}
    late = dict(appeals.filter(status__in=RESOLVED_STATUSES, breaches__kind="resolve").values("community")
                .annotate(n=Count("pk", distinct=True)).values_list("community", "n").order_by())
    overdue = dict(Appeal.objects.filter(community__in=ids, status__in=OPEN_STATUSES, is_overdue=True)
                   .values("community").annotate(n=Count("pk")).values_list("community", "n").order_by())
    ticket_qs = _tickets_in(ids, period)
    tickets = defaultdict(lambda: {"tickets": 0, "served": 0})
    for row in ticket_qs.values("centre__community").annotate(
            n=Count("pk"), served=Count("pk", filter=Q(status=TicketStatus.COMPLETED))).order_by():
        tickets[row["centre__community"]] = {"tickets": row["n"], "served": row["served"]}
    waits = duration_percentiles(ticket_qs, {"wait": ("issued_at", "called_at", (50,), None)},
                                 by="centre__community")
    requests = dict(ServiceRequest.objects.filter(community__in=ids, submitted_at__gte=start, submitted_at__lt=end)
                    .values("community").annotate(n=Count("pk")).values_list("community", "n").order_by())
    completed = defaultdict(lambda: [0, 0, 0])  # completed with a due date, on time, open past due
    for cid, status, closed, due in ServiceRequest.objects.filter(
            community__in=ids, submitted_at__gte=start, submitted_at__lt=end, due_date__isnull=False,
    ).exclude(status__in=(RequestStatus.REJECTED, RequestStatus.WITHDRAWN)).values_list(
            "community", "status", "closed_at", "due_date"):
        if status == RequestStatus.COMPLETED:
            completed[cid][0] += 1
            completed[cid][1] += bool(closed) and timezone.localdate(closed) <= due
        elif due < today:
            completed[cid][2] += 1
    bookings = dict(Booking.objects.filter(room__centre__community__in=ids, start__gte=start, start__lt=end,
                                           status__in=BOOKINGS_HELD_STATUSES)
                    .values("room__centre__community").annotate(n=Count("pk"))
                    .values_list("room__centre__community", "n").order_by())
    # The overview passes the coverage panel's rows (the same communities): counted once per page.
    coverage = {row.obj.pk: row for row in (coverage_rows if coverage_rows is not None
                                            else coverage_by_community(communities, today))}
    rows = []
    for community in communities:
        cid = community.pk
        a = appeal_counts.get(cid, {"total": 0, "resolved": 0, "overdue_open": 0})
        t = tickets[cid]
        done, on_time, open_late = completed[cid]
        cov = coverage[cid]
        a_on_time, a_counted = a["resolved"] - late.get(cid, 0), a["resolved"] + a["overdue_open"]
        rows.append({
            "community": community,
            "appeals": a["total"],
            "appeals_resolved": a["resolved"],
            "appeals_on_time_rate": pct(a_on_time, a_counted),
            "appeals_overdue_now": overdue.get(cid, 0),
            "tickets": t["tickets"],
            "tickets_served": t["served"],
            "wait_p50": waits.get(cid, {}).get("wait", {}).get(50),
            "requests": requests.get(cid, 0),
            "requests_on_time_rate": pct(on_time, done + open_late),
            "households": cov.households,
            "coverage_percent": pct(cov.covered, cov.households),
            "coverage_target": cov.target_percent,
            "overdue_high_risk": cov.overdue_high_risk,
            "bookings_held": bookings.get(cid, 0),
            "_appeals": (a_on_time, a_counted), "_requests": (on_time, done + open_late),
            "_coverage": cov.covered,
        })
    return rows


SUMMED = ("appeals", "appeals_resolved", "appeals_overdue_now", "tickets", "tickets_served", "requests",
          "households", "overdue_high_risk", "bookings_held")


def street_rows(rows: list[dict], *, period) -> list[dict]:
    """Community rows summed per street; rates recomputed from the summed parts, never averaged; the
    median wait of each street from its tickets (one grouped query: medians do not add up)."""
    streets = {}
    for row in rows:
        street = row["community"].street
        into = streets.setdefault(street.pk, {"community": street, "street": street, **dict.fromkeys(SUMMED, 0),
                                              "_appeals": (0, 0), "_requests": (0, 0), "_coverage": 0,
                                              "coverage_target": row["coverage_target"]})
        for key in SUMMED:
            into[key] += row[key]
        into["_appeals"] = tuple(map(sum, zip(into["_appeals"], row["_appeals"], strict=True)))
        into["_requests"] = tuple(map(sum, zip(into["_requests"], row["_requests"], strict=True)))
        into["_coverage"] += row["_coverage"]
        into["coverage_target"] = min(into["coverage_target"], row["coverage_target"])
    result = []
    for row in streets.values():
        row["appeals_on_time_rate"] = pct(*row["_appeals"])
        row["requests_on_time_rate"] = pct(*row["_requests"])
        row["coverage_percent"] = pct(row["_coverage"], row["households"])
        result.append(row)
    ids = [row["community"].pk for row in rows]
    waits = duration_percentiles(_tickets_in(ids, period), {"wait": ("issued_at", "called_at", (50,), None)},
                                 by="centre__community__street")
    for row in result:
        row["wait_p50"] = waits.get(row["street"].pk, {}).get("wait", {}).get(50)
    return result


def comparison_rows(*, territory, period, today: datetime.date, coverage_rows=None) -> list[dict]:
    """The table under the panels: the territory's children (streets of the district, communities
    of a street). Each row's `drill` is the query of that child's own dashboard."""
    from taijiang.users.scope import Level

    if territory.level not in (Level.DISTRICT, Level.STREET):
        return []
    rows = community_rows(communities=territory.communities, period=period, today=today,
                          coverage_rows=coverage_rows)
    if territory.level == Level.DISTRICT:
        rows = street_rows(rows, period=period)
        for row in rows:
            row["drill"] = {"street": row["street"].pk}
        return rows
    for row in rows:
        row["drill"] = {"community": row["community"].pk}
    return rows


def grid_rows(*, territory, period, today: datetime.date) -> list[dict]:
    """At community level, one row per grid: appeals, overdue now, households, coverage, visits."""
    from appeals.workflow import OPEN_STATUSES, RESOLVED_STATUSES
    from grid.coverage import coverage_by_grid
    from grid.models import Grid, Visit

    if territory.community is None or territory.grid is not None:
        return []
    grids = Grid.objects.filter(community=territory.community).order_by("code")
    appeals = _appeals_in(territory, period)
    counts = {r["grid"]: r for r in appeals.values("grid").annotate(
        total=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
        overdue_open=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_overdue=True))).order_by()}
    late = dict(appeals.filter(status__in=RESOLVED_STATUSES, breaches__kind="resolve").values("grid")
                .annotate(n=Count("pk", distinct=True)).values_list("grid", "n").order_by())
    overdue = dict(_open_overdue(territory).values("grid").annotate(n=Count("pk")).values_list("grid", "n")
                   .order_by())
    start, end = period.bounds
    visits = dict(Visit.objects.filter(grid__community=territory.community,
                                       visited_at__gte=start, visited_at__lt=end)
                  .values("grid").annotate(n=Count("pk"))
                  .values_list("grid", "n").order_by())
    rows = []
    for cov in coverage_by_grid(grids, today):
        gid = cov.obj.pk
        a = counts.get(gid, {"total": 0, "resolved": 0, "overdue_open": 0})
        rows.append({"grid": cov.obj, "appeals": a["total"],
                     "appeals_on_time_rate": pct(a["resolved"] - late.get(gid, 0), a["resolved"] + a["overdue_open"]),
                     "appeals_overdue_now": overdue.get(gid, 0), "households": cov.households,
                     "coverage_percent": pct(cov.covered, cov.households), "coverage_target": cov.target_percent,
                     "overdue_high_risk": cov.overdue_high_risk, "visits": visits.get(gid, 0),
                     "drill": {"grid": gid}})
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


# --- the reform's headline figures (三去一增) ----------------------------------------------------

def reform_section(territory, period, today: datetime.date) -> dict:
    """The report's numbers for the territory: tasks in force against the 145 baseline and ledgers
    cut (workload), windows per centre, share of community staff working in a grid (进网入格),
    易说事 appeals collected and resolved to date, 24-hour centres, pilot communities.

    With the rota's staggered-period coverage and holiday duty of the period's last month
    (`rota_coverage`). A fixed number of queries however many communities.
    """
    from django.contrib.auth import get_user_model

    from appeals.models import Appeal
    from appeals.workflow import RESOLVED_STATUSES
    from grid.models import ServiceCentre
    from services.models import Window
    from taijiang.users.models import STAFF_ROLES, Role
    from workload.selectors import figures as workload_figures

    ids = territory.community_ids
    work = workload_figures(communities=territory.communities, day=today)
    in_force = [r["in_force"] for r in work["rows"]]
    centres = list(ServiceCentre.objects.filter(community__in=ids).select_related("community").order_by("name"))
    windows = dict(Window.objects.filter(centre__in=centres, in_service=True).values_list("centre")
                   .annotate(n=Count("pk")).values_list("centre", "n").order_by())
    staff = get_user_model().objects.filter(is_active=True, community__in=ids, role__in=STAFF_ROLES)
    people = staff.aggregate(total=Count("pk", distinct=True),
                             window=Count("pk", filter=Q(role=Role.WINDOW_STAFF), distinct=True),
                             in_grid=Count("pk", filter=Q(grids__isnull=False), distinct=True))
    appeals = Appeal.objects.filter(community__in=ids)
    if territory.grid_ids is not None:
        appeals = appeals.filter(grid__in=territory.grid_ids)
    to_date = appeals.aggregate(collected=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES)))
    rows = []
    window_counts = [windows.get(c.pk, 0) for c in centres]
    for row in work["rows"]:
        rows.append({"community": row["community"], "in_force": row["in_force"], "baseline": row["baseline"],
                     "cut": row["cut"], "ledgers_before": row["ledgers_before"],
                     "ledgers_after": row["ledgers_after"],
                     "grid_share": (row["time"] or {}).get("share")})
    result = {
        "baseline": work["baseline_total"],
        "in_force_max": max(in_force) if in_force else None,
        "in_force_min": min(in_force) if in_force else None,
        "in_force_text": (None if not in_force else str(in_force[0]) if min(in_force) == max(in_force)
                          else f"{min(in_force)}–{max(in_force)}"),
        "ledgers_before": work["ledgers"]["before"], "ledgers_after": work["ledgers"]["after"],
        "ledgers_text": f"{work['ledgers']['before']} → {work['ledgers']['after']}",
        "centres": len(centres),
        "windows": sum(window_counts),
        "windows_per_centre": round(sum(window_counts) / len(centres), 1) if centres else None,
        "windows_max": max(window_counts) if window_counts else None,
        "staff": people["total"],
        "staff_in_grid": people["in_grid"],
        # 进网入格: everyone but the window staff works in a grid.
        "staff_in_grid_percent": pct(people["in_grid"], people["total"] - people["window"]),
        "appeals_collected": to_date["collected"], "appeals_resolved": to_date["resolved"],
        "self_service_centres": sum(1 for c in centres if c.has_self_service),
        "pilot_communities": sum(1 for c in territory.communities if c.is_pilot),
        "communities": len(territory.communities),
        "rows": rows,
        "rota": [],
    }
    result["months"] = reform_months(territory, today, collected_to_date=to_date["collected"])
    from .rota_figures import rota_coverage

    # Every level: the rota's figures cost a fixed number of queries however many centres.
    result["rota"] = rota_coverage(communities=territory.communities, month=period.date_to.replace(day=1),
                                   today=today)
    return result


MONTHS = 12


def reform_months(territory, today: datetime.date, months: int = MONTHS,
                  collected_to_date: int | None = None) -> dict:
    """The reform over time: per month of the last `months` (this one included), appeals collected
    and answered, visits and doorstep visits, and the running total of appeals collected (a few
    grouped queries: the rollups and today's live counts, the answered appeals; one more for the
    total before them unless `collected_to_date` is given)."""
    from django.db.models.functions import TruncMonth

    from appeals.models import Appeal
    from grid.models import Visit

    firsts = []
    month = today.replace(day=1)
    for _i in range(months):
        firsts.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    firsts.reverse()
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(firsts[0], datetime.time.min, tzinfo=tz)
    appeals = Appeal.objects.filter(community__in=territory.community_ids)
    visits = Visit.objects.filter(grid__community__in=territory.community_ids)
    if territory.grid_ids is not None:
        appeals = appeals.filter(grid__in=territory.grid_ids)
        visits = visits.filter(household__building__grid__in=territory.grid_ids)

    # Collected and visits: the nightly rollups for the days rolled up, live for the rest (today).
    # Answered stays live: an appeal reopened and answered again moves to a later month.
    counts = rolled_up(territory.community_ids, firsts[0], today, today=today,
                       per_community=territory.grid_ids is None, by_month=True,
                       live={Metric.APPEALS_SUBMITTED: (appeals, "created_at", None),
                             Metric.VISITS_LOGGED: (visits, "visited_at",
                                                    {Metric.VISITS_DOORSTEP: Count("pk", filter=~Q(actions_taken=""))})})
    collected = {m: {"n": n} for m, n in counts[Metric.APPEALS_SUBMITTED].items() if n}
    visited = {m: {"n": n, "doorstep": counts[Metric.VISITS_DOORSTEP].get(m, 0)}
               for m, n in counts[Metric.VISITS_LOGGED].items() if n}
    answered = {(r["m"].date() if isinstance(r["m"], datetime.datetime) else r["m"]): r for r in (
        appeals.filter(resolved_at__gte=start).annotate(m=TruncMonth("resolved_at", tzinfo=tz)).values("m")
        .annotate(n=Count("pk")).order_by())}
    if collected_to_date is None:
        before = appeals.filter(created_at__lt=start).count()
    else:
        before = collected_to_date - sum(row["n"] for row in collected.values())
    running, total = [], before
    for m in firsts:
        total += collected.get(m, {}).get("n", 0)
        running.append(total)
    labels = {"collected": str(_("收集诉求")), "answered": str(_("答复办结")), "visits": str(_("走访")),
              "doorstep": str(_("现场办理")), "running": str(_("累计收集诉求"))}
    return {
        "labels": [f"{m:%Y-%m}" for m in firsts],
        "series": [
            {"metric": "collected", "name": labels["collected"], "data": [collected.get(m, {}).get("n", 0) for m in firsts]},
            {"metric": "answered", "name": labels["answered"], "data": [answered.get(m, {}).get("n", 0) for m in firsts]},
            {"metric": "visits", "name": labels["visits"], "data": [visited.get(m, {}).get("n", 0) for m in firsts]},
            {"metric": "doorstep", "name": labels["doorstep"],
             "data": [visited.get(m, {}).get("doorstep", 0) for m in firsts]},
        ],
        "running": running,
        "has_data": bool(collected or visited),
    }
