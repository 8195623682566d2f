"""Thin, idempotent tasks of the grid app."""

from celery import shared_task

from . import importing


@shared_task(name="grid.tasks.purge_stale_imports")
def purge_stale_imports() -> int:
    return importing.purge_stale_imports()
