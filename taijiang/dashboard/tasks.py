"""Periodic work of the dashboard: thin and idempotent, the service does the work."""

import datetime

from celery import shared_task
from django.utils import timezone

from .services import rollup_day

LATE_DAYS = 7  # visits logged offline reach the server days later: the nightly run re-rolls the last week


@shared_task(name="taijiang.dashboard.tasks.nightly_rollup")
def nightly_rollup(day: str | None = None) -> int:
    """Roll up the last week (local time; yesterday first), or the ISO date given; running it twice
    writes the same rows."""
    if day:
        return rollup_day(day=datetime.date.fromisoformat(day))
    today = timezone.localdate()
    return sum(rollup_day(day=today - datetime.timedelta(days=n)) for n in range(1, LATE_DAYS + 1))


@shared_task(name="taijiang.dashboard.tasks.monthly_reports")
def monthly_reports(day: str | None = None) -> int:
    """Runs every morning; sends only on the first working day of the month (idempotent)."""
    from .services import send_monthly_reports

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return send_monthly_reports(today=today)
