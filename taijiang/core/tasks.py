"""Thin tasks of the core: the yearly partitions of the history tables (taijiang/core/partitions.py)."""

from celery import shared_task

from . import partitions


@shared_task(name="taijiang.core.tasks.maintain_history")
def maintain_history() -> dict:
    """Make this year's and next year's partitions, then archive the years past their retention."""
    return {"created": partitions.ensure_partitions(), "archived": partitions.archive_expired()}
