"""Tracking numbers YSS-YYYYMMDD-NNNN, one counter row per local day, locked while incremented."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import DailyCounter


def next_number(now=None) -> str:
    """Must run inside the submitting transaction: the counter row stays locked until it commits."""
    day = timezone.localdate(now or timezone.now())
    try:
        with transaction.atomic():  # savepoint: two first submissions of the day race to create the row
            DailyCounter.objects.get_or_create(day=day)
    except IntegrityError:
        pass
    counter = DailyCounter.objects.select_for_update().get(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"YSS-{day:%Y%m%d}-{counter.last:04d}"
