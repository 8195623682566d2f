"""Delivering the outbox: one locked delivery row at a time, from the tasks and the sweep.

Exactly-once among our workers: a delivery row is locked while it is sent and marked sent in the
same transaction. Towards the provider it is at-least-once: a worker killed between the
provider's "ok" and our commit sends the row again; every attempt carries the row's idempotency
key, so a provider that honours it drops that second copy (channels.SmsBackend).

Imports neither services.py nor tasks.py: services → tasks → delivery, one way.
"""

import datetime
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .channels import NotSent
from .events import Channel, get_event
from .models import Delivery, Notification

logger = logging.getLogger("taijiang.notifications.services")  # the name operators' log filters know

MAX_ATTEMPTS = 6  # 1 + 5 retries: 1, 2, 4, 8, 16 minutes apart, then FAILED and shown to admins
BATCH_SIZE = 1000  # per sweep run; the time budget below usually ends it first
SWEEP_TIME_BUDGET = 90  # seconds; CELERY_TASK_SOFT_TIME_LIMIT is 120


def _backend(channel: str):
    from . import channels

    if channel == Channel.EMAIL:
        return channels.EmailBackend()
    if channel == Channel.SMS:
        if not settings.SMS_BACKEND:  # production without a provider: `check --deploy` reports it
            return channels.UnconfiguredSmsBackend()
        return import_string(settings.SMS_BACKEND)()
    raise LookupError(channel)


def _to_number(event: str) -> bool:
    try:
        return get_event(event).to_number
    except LookupError:
        return False


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(60 * 2 ** (attempts - 1), 6 * 3600))


def _send_locked(delivery: Delivery) -> None:
    """Send one locked delivery row and record the outcome on it."""
    notification = delivery.notification
    now = timezone.now()
    if notification.recipient_id is None and not _to_number(notification.event):
        logger.info("dropping delivery %s: recipient was deleted", delivery.pk)
        delivery.status = Delivery.Status.DROPPED
        delivery.last_error = "recipient deleted"
        delivery.save(update_fields=["status", "last_error"])
        return
    if notification.status == Notification.Status.CANCELLED:
        delivery.status = Delivery.Status.CANCELLED
        delivery.save(update_fields=["status"])
        return
    delivery.attempts += 1
    try:
        result = _backend(delivery.channel).send(delivery=delivery, notification=notification,
                                                 idempotency_key=str(delivery.idempotency_key))
    except SoftTimeLimitExceeded:
        raise  # the task is out of time: roll back, the row stays pending for the next sweep
    except Exception as exc:
        delivery.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            logger.error("delivery %s failed for good: %s", delivery.pk, delivery.last_error)
        else:
            delivery.next_attempt_at = now + _backoff(delivery.attempts)
            logger.warning("delivery %s failed (attempt %s), retrying later: %s", delivery.pk, delivery.attempts,
                           delivery.last_error)
    else:
        if isinstance(result, NotSent):  # handed to no one on purpose: final, the reason shown to admins
            delivery.status = Delivery.Status.NOT_SENT
            delivery.last_error = str(result.reason)[:2000]
            logger.warning("delivery %s not sent: %s", delivery.pk, delivery.last_error)
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = now
            delivery.last_error = ""
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "last_error", "sent_at"])


def _due_deliveries(now):
    return (
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("notification__recipient")
        .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now, notification__send_after__lte=now)
        .order_by("next_attempt_at", "pk")
    )


def deliver_notification_now(*, notification_id: int) -> int:
    """Deliver the due deliveries of one notification. Safe to call twice."""
    sent = 0
    for delivery_id in Delivery.objects.filter(notification_id=notification_id, status=Delivery.Status.PENDING)\
            .values_list("pk", flat=True):
        with transaction.atomic():
            delivery = _due_deliveries(timezone.now()).filter(pk=delivery_id).first()
            if delivery is None:  # another worker has it, or it is not due yet
                continue
            _send_locked(delivery)
            sent += delivery.status == Delivery.Status.SENT
    return sent


def sweep_outbox_now(*, limit: int = BATCH_SIZE, time_budget: float = SWEEP_TIME_BUDGET) -> int:
    """Deliver every due delivery, one locked row at a time. Returns how many were handled.

    Stops after `limit` rows or `time_budget` seconds (below the task's soft time limit); the
    next sweep, a minute later, carries on.
    """
    handled = 0
    deadline = time.monotonic() + time_budget
    while handled < limit and time.monotonic() < deadline:
        with transaction.atomic():
            delivery = _due_deliveries(timezone.now()).first()
            if delivery is None:
                break
            _send_locked(delivery)
        handled += 1
    return handled
