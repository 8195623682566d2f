"""Delivery channels.

A backend's `send(*, delivery, notification, idempotency_key)` returns None when the provider
accepted the message, returns `NotSent(reason)` when it deliberately handed it to no one (the
delivery becomes "not sent", final, shown to admins), and raises on failure (the outbox retries
with backoff).

SMS goes through an adapter named by the SMS_BACKEND setting: `HttpSmsBackend` for a JSON
gateway, or a provider's own class (docs/notifications.md, "Plugging in an SMS provider").
`LoggingSmsBackend` (development, tests) only writes the message to the log and says so:
its deliveries are "not sent". In production an unset SMS_BACKEND or the logging backend is a
`check --deploy` error (checks.py) unless SMS_DISABLED=true switches SMS off on purpose.
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.utils.translation import gettext as _

from taijiang.core.masking import mask_phone

logger = logging.getLogger("taijiang.sms")

# A provider call must end well inside the task's soft time limit (settings, "Celery").
PROVIDER_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class NotSent:
    """The backend did not hand the message to anyone, on purpose; `reason` is shown to admins."""

    reason: str


def sms_text(notification) -> str:
    return f"【台江社区】{notification.title}"


class EmailBackend:
    """Email through Django's EMAIL_BACKEND (SMTP in production, console/locmem otherwise)."""

    def send(self, *, delivery, notification, idempotency_key: str) -> None:
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{notification.link}"
        connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or PROVIDER_TIMEOUT_SECONDS)
        send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [delivery.address], fail_silently=False,
                  connection=connection)


class SmsBackend:
    """Interface for SMS providers.

    `send()` is called once per attempt, inside the transaction that holds the delivery row's
    lock. Return None when the provider accepted the message; raise any exception otherwise
    (the outbox records it and retries with backoff). Keep network calls bounded by a timeout
    (PROVIDER_TIMEOUT_SECONDS). `delivery.address` is the mobile number.

    `idempotency_key` is the same on every attempt of one delivery and different for every
    other delivery. Give it to the provider as its idempotency key / out_id / biz id, and treat
    the provider's "already accepted with this key" answer as success: that is how a message
    accepted just before a worker died is not sent a second time.
    """

    def send(self, *, delivery, notification, idempotency_key: str) -> NotSent | None:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def deploy_errors(cls) -> list[str]:
        """What is missing for this backend to really send (reported by `check --deploy`)."""
        return []


class LoggingSmsBackend(SmsBackend):
    """Development and tests: writes the SMS to the log instead of sending it.

    The delivery is marked "not sent" with the reason, never "sent": nobody received it."""

    sent: list = []  # the last messages, for tests and the development console

    def send(self, *, delivery, notification, idempotency_key: str) -> NotSent:
        text = sms_text(notification)
        # The number is masked: logs are kept longer and read by more people than the database.
        logger.info("SMS to %s (key %s): %s", mask_phone(delivery.address), idempotency_key, text)
        LoggingSmsBackend.sent.append((delivery.address, text))
        del LoggingSmsBackend.sent[:-100]
        return NotSent(_("未配置短信服务商，短信只写入了日志，没有发出。"))


class DisabledSmsBackend(SmsBackend):
    """SMS_DISABLED=true: SMS switched off on purpose; every SMS delivery is "not sent"."""

    def send(self, *, delivery, notification, idempotency_key: str) -> NotSent:
        return NotSent(_("短信功能已停用（SMS_DISABLED），没有发出。"))


class UnconfiguredSmsBackend(SmsBackend):
    """SMS_BACKEND empty (production without a provider): nothing is sent, admins see why."""

    def send(self, *, delivery, notification, idempotency_key: str) -> NotSent:
        return NotSent(_("未配置 SMS_BACKEND，短信没有发出。"))


class HttpSmsBackend(SmsBackend):
    """A JSON-over-HTTPS SMS gateway (most Chinese providers offer one, or a small relay in front).

    POST SMS_HTTP_URL with `Authorization: Bearer SMS_HTTP_TOKEN` and `Idempotency-Key`, body
    {"to", "text", "idempotency_key"}. 2xx means accepted; 409 means "already accepted with this
    key" (a re-send after a worker died) and counts as accepted; anything else raises.
    """

    def send(self, *, delivery, notification, idempotency_key: str) -> None:
        body = json.dumps({"to": delivery.address, "text": sms_text(notification),
                           "idempotency_key": idempotency_key}).encode()
        request = urllib.request.Request(settings.SMS_HTTP_URL, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
            "Idempotency-Key": idempotency_key})
        try:
            with urllib.request.urlopen(request, timeout=PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read(1024)
        except urllib.error.HTTPError as exc:
            if exc.code == 409:
                logger.info("SMS gateway already had delivery %s (key %s)", delivery.pk, idempotency_key)
                return None
            raise RuntimeError(f"SMS gateway answered {exc.code}: {exc.read(200)!r}") from None
        return None

    @classmethod
    def deploy_errors(cls) -> list[str]:
        errors = []
        if not str(getattr(settings, "SMS_HTTP_URL", "")).startswith("https://"):
            errors.append("SMS_HTTP_URL must be the gateway's https:// address")
        if not getattr(settings, "SMS_HTTP_TOKEN", ""):
            errors.append("SMS_HTTP_TOKEN must be set")
        return errors
