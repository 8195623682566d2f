"""The nightly rollup: per community and day, the numbers the dashboards' trend lines read.

`rollup_day` recomputes one day from the apps' tables and replaces that day's rows in one
transaction, so running it twice (or after late edits) leaves exactly one correct row per
community, day and metric.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from statistics import mean

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from taijiang.core.days import day_bounds

from . import events
from .models import DailyFigure, Metric, RollupDay

BOOKINGS_HELD_STATUSES = ("confirmed", "checked_in")


def _grouped(qs, path: str, **aggregates) -> dict:
    return {row.pop(path): row for row in qs.values(path).annotate(**aggregates).order_by()}


def compute_day(day: datetime.date) -> dict[int, dict[str, Decimal]]:
    """{community_id: {metric: value}} for one local day (only metrics with something to count)."""
    from appeals.models import Appeal
    from grid.models import Visit
    from services.models import QueueTicket, TicketStatus
    from spaces.models import Booking

    start, end = day_bounds(day)
    figures: dict[int, dict[str, Decimal]] = defaultdict(dict)

    def put(community_id, metric, value):
        if community_id is not None and value:
            figures[community_id][metric] = Decimal(value).quantize(Decimal("0.01"))

    appeals = Appeal.objects.filter(community__isnull=False)
    for cid, row in _grouped(appeals.filter(created_at__gte=start, created_at__lt=end), "community",
                             n=Count("pk")).items():
        put(cid, Metric.APPEALS_SUBMITTED, row["n"])
    closed = appeals.filter(closed_at__gte=start, closed_at__lt=end, status="closed")
    late = _grouped(closed.filter(breaches__kind="resolve"), "community", n=Count("pk", distinct=True))
    for cid, row in _grouped(closed, "community", n=Count("pk")).items():
        put(cid, Metric.APPEALS_CLOSED, row["n"])
        put(cid, Metric.APPEALS_CLOSED_ON_TIME, row["n"] - late.get(cid, {"n": 0})["n"])

    waits = defaultdict(list)
    tickets = QueueTicket.objects.filter(service_date=day, centre__community__isnull=False)
    for cid, row in _grouped(tickets, "centre__community", n=Count("pk"),
                             served=Count("pk", filter=Q(status=TicketStatus.COMPLETED))).items():
        put(cid, Metric.TICKETS_ISSUED, row["n"])
        put(cid, Metric.TICKETS_SERVED, row["served"])
    for cid, issued, called in tickets.filter(called_at__isnull=False).values_list(
            "centre__community", "issued_at", "called_at"):
        waits[cid].append((called - issued).total_seconds() / 60)
    for cid, values in waits.items():
        put(cid, Metric.AVG_WAIT_MINUTES, mean(values))

    visits = Visit.objects.filter(visited_at__gte=start, visited_at__lt=end)
    for cid, row in _grouped(visits, "grid__community", n=Count("pk"),
                             doorstep=Count("pk", filter=~Q(actions_taken=""))).items():
        put(cid, Metric.VISITS_LOGGED, row["n"])
        put(cid, Metric.VISITS_DOORSTEP, row["doorstep"])

    bookings = Booking.objects.filter(start__gte=start, start__lt=end, status__in=BOOKINGS_HELD_STATUSES,
                                      room__centre__community__isnull=False)
    for cid, row in _grouped(bookings, "room__centre__community", n=Count("pk")).items():
        put(cid, Metric.BOOKINGS_HELD, row["n"])
    return figures


def rollup_day(*, day: datetime.date) -> int:
    """Replace the rollup rows of `day` with freshly computed ones; returns how many rows it wrote."""
    figures = compute_day(day)
    rows = [DailyFigure(community_id=cid, date=day, metric=metric, value=value)
            for cid, metrics in sorted(figures.items()) for metric, value in sorted(metrics.items())]
    with transaction.atomic():
        DailyFigure.objects.filter(date=day).delete()
        DailyFigure.objects.bulk_create(rows)
        RollupDay.objects.update_or_create(date=day)
    return len(rows)


def rollup_days(*, days: int, today: datetime.date | None = None) -> int:
    """Backfill the `days` days before today (yesterday first counted as day 1)."""
    today = today or timezone.localdate()
    return sum(rollup_day(day=today - datetime.timedelta(days=n)) for n in range(1, days + 1))


# --- the monthly report, sent on the first working day -------------------------------------------

def first_working_day(month: datetime.date) -> datetime.date:
    """The first working day of `month` (holidays and make-up days from taijiang.workdays)."""
    from taijiang.workdays.calendar import is_working_day

    day = month.replace(day=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def send_monthly_reports(*, today: datetime.date) -> int:
    """On the first working day of a month, tell every active street admin that last month's report
    of their street is ready (in-app + e-mail through the outbox, with the report's link).

    On any other day it does nothing. The dedupe key makes a second run the same day (a restarted
    beat, a retried task) return the existing notification instead of a second message.
    """
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from taijiang.notifications.services import notify
    from taijiang.users.models import Role

    if today != first_working_day(today):
        return 0
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    sent = 0
    admins = get_user_model().objects.filter(role=Role.STREET_ADMIN, is_active=True, street__isnull=False)\
        .select_related("street")
    for admin in admins:
        link = f"{reverse('dashboard:report')}?street={admin.street_id}&month={month:%Y-%m}"
        if notify(recipient=admin, event=events.MONTHLY_REPORT, link=link,
                  context={"month": f"{month:%Y-%m}", "place": admin.street.name},
                  dedupe_key=f"dashboard-monthly-report:{admin.pk}:{month:%Y-%m}") is not None:
            sent += 1
    return sent
