"""Retention of the inbox: notifications and their deliveries are removed after a year
(NOTIFICATION_RETENTION_DAYS, docs/notifications.md), so the outbox tables hold months, not years."""

import datetime

from django.db import transaction
from django.utils import timezone

from taijiang.core.conf import setting_int

from .models import Delivery, Notification


def purge_expired(*, now=None, batch: int = 5000) -> int:
    """Delete notifications older than NOTIFICATION_RETENTION_DAYS with their deliveries (retention,
    docs/notifications.md); one still waiting for a delivery attempt is kept. Returns the number removed.

    In batches of `batch` ids, each its own short transaction, so the daily run never holds a long
    lock on the inbox table."""
    days = setting_int("NOTIFICATION_RETENTION_DAYS", minimum=30)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    expired = Notification.objects.filter(send_after__lt=cutoff).exclude(deliveries__status=Delivery.Status.PENDING)
    removed = 0
    while ids := list(expired.order_by("pk").values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            Delivery.objects.filter(notification_id__in=ids).delete()
            removed += Notification.objects.filter(pk__in=ids).delete()[1].get(Notification._meta.label, 0)
    return removed
