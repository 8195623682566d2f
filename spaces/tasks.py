from celery import shared_task


@shared_task(name="spaces.tasks.release_no_shows")
def release_no_shows() -> int:
    """Release bookings nobody checked in to (idempotent: each is re-read under its lock)."""
    from .services import release_no_shows as release

    return release()
