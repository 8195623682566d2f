"""Writing notifications (the outbox) and delivering them.

Apps call `notify()` inside the transaction of the event; nothing leaves the process until
that transaction commits. Delivery is exactly-once among our workers: a delivery row is locked
while it is sent and marked sent in the same transaction. Towards the provider it is
at-least-once: a worker killed between the provider's "ok" and our commit sends the row again.
Every attempt of a row carries the row's idempotency key, so a provider that honours it drops
that second copy (channels.SmsBackend).
"""

import datetime
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from taijiang.core.exceptions import InvalidTransition, RateLimited

from .channels import NotSent
from .events import Channel, get_event
from .models import ChannelPreference, Delivery, Notification
from .permissions import ensure_can_manage_deliveries

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # 1 + 5 retries: 1, 2, 4, 8, 16 minutes apart, then FAILED and shown to admins
BATCH_SIZE = 1000  # per sweep run; the time budget below usually ends it first
SWEEP_TIME_BUDGET = 90  # seconds; CELERY_TASK_SOFT_TIME_LIMIT is 120
TEST_MESSAGE_INTERVAL = datetime.timedelta(minutes=10)


def _render(text, context: dict) -> str:
    text = str(text)
    try:
        return text % context if context else text
    except (KeyError, TypeError, ValueError):
        logger.warning("notification text %r could not be filled from %r", text, sorted(context))
        return text


def _addresses_for(recipient, event) -> list[tuple[str, str]]:
    prefs = ChannelPreference.objects.filter(user=recipient).first()
    sms_on = prefs.sms if prefs else True
    email_on = prefs.email if prefs else False
    result = []
    if Channel.EMAIL in event.channels and email_on and recipient.email:
        result.append((Channel.EMAIL, recipient.email))
    if Channel.SMS in event.channels and sms_on and recipient.phone:
        result.append((Channel.SMS, recipient.phone))
    return result


def notify(*, recipient, event: str, context: dict | None = None, link: str = "",
           send_after: datetime.datetime | None = None, dedupe_key: str | None = None) -> Notification | None:
    """Record a notification for `recipient` and queue its external deliveries after commit.

    `context` fills the event's text; keep it to strings and numbers (it is stored as JSON).
    With `dedupe_key`, calling again for the same promise returns the existing row instead of a
    second message; a cancelled row with that key is revived with the new time.
    """
    if recipient is None or not recipient.is_active:
        return None
    event_type = get_event(event)
    context = context or {}
    now = timezone.now()
    send_after = send_after or now
    with transaction.atomic():
        if dedupe_key:
            existing = _existing_promise(dedupe_key, send_after)
            if existing is not None:
                return existing
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            title = _render(event_type.title, context)
            body = _render(event_type.body, context)
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin with the same key may win
                notification = Notification.objects.create(
                    recipient=recipient, event=event, title=title[:200], body=body, link=link, context=context,
                    send_after=send_after, dedupe_key=dedupe_key,
                )
        except IntegrityError:
            if not dedupe_key:
                raise
            # Another transaction wrote the same promise between our lookup and our insert
            # (PostgreSQL made us wait for it to commit): that row is the notification.
            return _existing_promise(dedupe_key, send_after)
        Delivery.objects.bulk_create([
            Delivery(notification=notification, channel=channel, address=address, next_attempt_at=send_after)
            for channel, address in _addresses_for(recipient, event_type)
        ])
        _deliver_after_commit(notification, send_after)
    return notification


def sms_to_number(*, phone: str, event: str, context: dict | None = None) -> Notification:
    """Queue an SMS to a mobile number that need not belong to an account (registration codes).

    The text is rendered in the default language (there is no account to take one from) and goes
    through the outbox like any delivery: sent after commit, retried by the sweep.
    """
    event_type = get_event(event)
    if not event_type.to_number:
        raise LookupError(f"event {event!r} is not registered with to_number=True")
    context = context or {}
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            title = _render(event_type.title, context)
            body = _render(event_type.body, context)
        notification = Notification.objects.create(recipient=None, event=event, title=title[:200], body=body)
        Delivery.objects.create(notification=notification, channel=Channel.SMS, address=phone)
        _deliver_after_commit(notification, notification.send_after)
    return notification


def _existing_promise(dedupe_key: str, send_after) -> Notification | None:
    """The notification already written for this key; a cancelled one is revived with the new time."""
    existing = Notification.objects.select_for_update().filter(dedupe_key=dedupe_key).first()
    if existing is not None and existing.status == Notification.Status.CANCELLED:
        existing.status = Notification.Status.ACTIVE
        existing.send_after = send_after
        existing.save(update_fields=["status", "send_after"])
        existing.deliveries.filter(status=Delivery.Status.CANCELLED).update(
            status=Delivery.Status.PENDING, next_attempt_at=send_after)
        _deliver_after_commit(existing, send_after)
    return existing


def _deliver_after_commit(notification: Notification, send_after: datetime.datetime) -> None:
    # Only messages due now are pushed; reminders wait for the sweep (no long countdowns).
    if send_after > timezone.now() + datetime.timedelta(seconds=5):
        return
    from .tasks import deliver_notification

    notification_id = notification.pk
    transaction.on_commit(lambda: enqueue(deliver_notification, notification_id))


def enqueue(task, *args) -> bool:
    """Send a task to the broker, never failing the caller: the sweep is the safety net."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # broker down or unreachable: the row stays pending for the sweep
        logger.warning("broker unavailable; %s%r left for the outbox sweep", task.name, args, exc_info=True)
        return False
    return True


def cancel_notifications(*, dedupe_key_prefix: str) -> int:
    """Withdraw reminders not yet sent (a booking cancelled, an appointment moved)."""
    with transaction.atomic():
        pending = Notification.objects.filter(
            dedupe_key__startswith=dedupe_key_prefix, status=Notification.Status.ACTIVE, send_after__gt=timezone.now()
        )
        ids = list(pending.values_list("pk", flat=True))
        Delivery.objects.filter(notification_id__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED)
        return pending.update(status=Notification.Status.CANCELLED)


def mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's own visible notifications read (all of them without `notification_ids`)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True, send_after__lte=timezone.now())
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def set_channel_preferences(*, user, email: bool, sms: bool) -> ChannelPreference:
    """Choose the external channels for the user's future notifications (in-app is always on)."""
    with transaction.atomic():
        prefs, _created = ChannelPreference.objects.select_for_update().get_or_create(
            user=user, defaults={"email": email, "sms": sms})
        if (prefs.email, prefs.sms) != (email, sms):
            prefs.email, prefs.sms = email, sms
            prefs.save(update_fields=["email", "sms"])
    return prefs


def send_test_notification(*, user) -> Notification:
    """Send the user a test message on every channel they chose, at most once per ten minutes."""
    with transaction.atomic():
        since = timezone.now() - TEST_MESSAGE_INTERVAL
        # Lock the preference row so two quick clicks cannot both pass the limit.
        ChannelPreference.objects.select_for_update().get_or_create(user=user)
        if Notification.objects.filter(recipient=user, event="notifications.test", created_at__gte=since).exists():
            raise RateLimited(_("测试通知每十分钟只能发送一次，请稍后再试。"))
        return notify(recipient=user, event="notifications.test", context={"text": _("通知渠道工作正常。")},
                      link=reverse("notifications:list"))


def retry_delivery(*, actor, delivery_id: int) -> Delivery:
    """Put a failed (or stuck pending) delivery back in the outbox, with a fresh attempt count.

    The actor must be an admin whose territory covers the recipient (else NotAllowed / 404 via
    DoesNotExist); a delivery already sent, cancelled or dropped cannot be retried.
    """
    from .selectors import deliveries_in_scope

    ensure_can_manage_deliveries(actor)
    with transaction.atomic():
        delivery = deliveries_in_scope(actor).select_for_update(of=("self",)).get(pk=delivery_id)
        # "not sent" may be retried once a provider is configured; the same key goes with it.
        if delivery.status not in (Delivery.Status.FAILED, Delivery.Status.PENDING, Delivery.Status.NOT_SENT):
            raise InvalidTransition(_("只有发送失败、未发送或待发送的投递可以重试。"))
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        logger.info("delivery %s queued again by user %s", delivery.pk, actor.pk)
        from .tasks import deliver_notification

        notification_id = delivery.notification_id
        transaction.on_commit(lambda: enqueue(deliver_notification, notification_id))
    return delivery


# --- delivery -------------------------------------------------------------------------

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
