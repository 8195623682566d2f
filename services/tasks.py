from celery import shared_task
from django.utils import timezone


@shared_task(name="services.tasks.mark_missed_appointments")
def mark_missed_appointments() -> int:
    """Nightly: booked appointments whose slot has ended become no-shows (idempotent)."""
    from .services import appointments_mark_no_show

    return appointments_mark_no_show(before=timezone.now())
