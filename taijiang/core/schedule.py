"""Periodic tasks of the core (collected by taijiang/beat.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Daily, so next year's partitions exist long before the first of January (docs/performance.md).
    "core-maintain-history": {"task": "taijiang.core.tasks.maintain_history", "schedule": crontab(hour=2, minute=53)},
}
