"""Periodic tasks of the grid app (collected by taijiang/beat.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Pending imports hold a spreadsheet with plaintext ID numbers: drop the ones left unfinished.
    "grid-purge-stale-imports": {"task": "grid.tasks.purge_stale_imports", "schedule": crontab(hour=3, minute=17)},
}
