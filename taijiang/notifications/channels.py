"""Delivery channels. A backend's `send()` raises on failure; the outbox retries with backoff.

SMS goes through an adapter: `LoggingSmsBackend` writes the message to the log (development,
tests). A provider is plugged in by writing a class with the same `send()` and pointing the
SMS_BACKEND setting at it (docs/notifications.md shows where).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger("taijiang.sms")


class EmailBackend:
    def send(self, *, delivery, notification) -> None:
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{notification.link}"
        send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [delivery.address], fail_silently=False)


class SmsBackend:
    """Interface for SMS providers."""

    def send(self, *, delivery, notification) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    sent: list = []  # the last messages, for tests and the development console

    def send(self, *, delivery, notification) -> None:
        text = f"【台江社区】{notification.title}"
        logger.info("SMS to %s: %s", delivery.address, text)
        LoggingSmsBackend.sent.append((delivery.address, text))
        del LoggingSmsBackend.sent[:-100]
