"""Delivery channels. A backend's `send()` raises on failure; the outbox retries with backoff.

SMS goes through an adapter: `LoggingSmsBackend` writes the message to the log (development,
tests). A provider is plugged in by writing a class with the same `send()` and pointing the
SMS_BACKEND setting (environment variable) at it; docs/notifications.md shows where and how.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail

from taijiang.core.masking import mask_phone

logger = logging.getLogger("taijiang.sms")

# A provider call must end well inside the task's soft time limit (settings, "Celery").
PROVIDER_TIMEOUT_SECONDS = 15


class EmailBackend:
    """Email through Django's EMAIL_BACKEND (SMTP in production, console/locmem otherwise)."""

    def send(self, *, delivery, notification) -> None:
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{notification.link}"
        connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or PROVIDER_TIMEOUT_SECONDS)
        send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [delivery.address], fail_silently=False,
                  connection=connection)


class SmsBackend:
    """Interface for SMS providers.

    `send()` is called once per attempt, inside the transaction that holds the delivery row's
    lock. Return normally when the provider accepted the message; raise any exception otherwise
    (the outbox records it and retries with backoff). Keep network calls bounded by a timeout
    (PROVIDER_TIMEOUT_SECONDS). `delivery.address` is the mobile number, `delivery.pk` a stable id
    to pass to the provider as an idempotency key / out_id where it supports one.
    """

    def send(self, *, delivery, notification) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    """Development and tests: writes the SMS to the log instead of sending it."""

    sent: list = []  # the last messages, for tests and the development console

    def send(self, *, delivery, notification) -> None:
        text = f"【台江社区】{notification.title}"
        # The number is masked: logs are kept longer and read by more people than the database.
        logger.info("SMS to %s: %s", mask_phone(delivery.address), text)
        LoggingSmsBackend.sent.append((delivery.address, text))
        del LoggingSmsBackend.sent[:-100]
