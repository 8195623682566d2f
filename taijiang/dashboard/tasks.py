"""Periodic work of the dashboard: thin and idempotent, the service does the work."""

import datetime

from celery import shared_task
from django.utils import timezone

from .services import rollup_day


@shared_task(name="taijiang.dashboard.tasks.nightly_rollup")
def nightly_rollup(day: str | None = None) -> int:
    """Roll up yesterday (local time), or the ISO date given; running it twice writes the same rows."""
    target = datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
    return rollup_day(day=target)


@shared_task(name="taijiang.dashboard.tasks.monthly_reports")
def monthly_reports(day: str | None = None) -> int:
    """Runs every morning; sends only on the first working day of the month (idempotent)."""
    from .services import send_monthly_reports

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return send_monthly_reports(today=today)
