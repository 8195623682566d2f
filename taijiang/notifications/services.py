"""Writing notifications (the outbox); delivering them is delivery.py's.

Apps call `notify()` inside the transaction of the event; nothing leaves the process until
that transaction commits. Delivery is exactly-once among our workers: a delivery row is locked
while it is sent and marked sent in the same transaction. Towards the provider it is
at-least-once: a worker killed between the provider's "ok" and our commit sends the row again.
Every attempt of a row carries the row's idempotency key, so a provider that honours it drops
that second copy (channels.SmsBackend).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from taijiang.core.exceptions import InvalidTransition, RateLimited

from .delivery import MAX_ATTEMPTS, deliver_notification_now, sweep_outbox_now
from .events import TEST, Channel, EventType, event_of
from .models import ChannelPreference, Delivery, Notification
from .permissions import ensure_can_manage_deliveries
from .tasks import deliver_notification

# Delivery lives in delivery.py (the tasks call it without importing this module: no cycle);
# these names stay importable from here for the apps and tests that use them.
__all__ = ["MAX_ATTEMPTS", "deliver_notification_now", "sweep_outbox_now"]

logger = logging.getLogger(__name__)

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


def notify(*, recipient, event: EventType | str, context: dict | None = None, link: str = "",
           send_after: datetime.datetime | None = None, dedupe_key: str | None = None) -> Notification | None:
    """Record a notification for `recipient` and queue its external deliveries after commit.

    `event` is the constant from the app's events.py (`events.SUBMITTED`); a code string, as stored
    on the row, is accepted too. `context` fills the event's text; keep it to strings and numbers
    (it is stored as JSON).
    With `dedupe_key`, calling again for the same promise returns the existing row instead of a
    second message; a cancelled row with that key is revived with the new time.
    """
    if recipient is None or not recipient.is_active:
        return None
    event_type = event_of(event)
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
                    recipient=recipient, event=event_type.code, title=title[:200], body=body, link=link, context=context,
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


def sms_to_number(*, phone: str, event: EventType | str, context: dict | None = None) -> Notification:
    """Queue an SMS to a mobile number that need not belong to an account (registration codes).

    The text is rendered in the default language (there is no account to take one from) and goes
    through the outbox like any delivery: sent after commit, retried by the sweep.
    """
    event_type = event_of(event)
    if not event_type.to_number:
        raise LookupError(f"event {event_type.code!r} is not registered with to_number=True")
    context = context or {}
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            title = _render(event_type.title, context)
            body = _render(event_type.body, context)
        notification = Notification.objects.create(recipient=None, event=event_type.code, title=title[:200], body=body)
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
        if Notification.objects.filter(recipient=user, event=TEST.code, created_at__gte=since).exists():
            raise RateLimited(_("测试通知每十分钟只能发送一次，请稍后再试。"))
        return notify(recipient=user, event=TEST, context={"text": _("通知渠道工作正常。")},
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
        notification_id = delivery.notification_id
        transaction.on_commit(lambda: enqueue(deliver_notification, notification_id))
    return delivery

