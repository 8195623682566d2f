"""Test-only delivery backends (never referenced by settings outside tests)."""

import os
import smtplib
import threading
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SmtpDownEmailBackend(BaseEmailBackend):
    """An EMAIL_BACKEND whose server refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


class RecordingSmsBackend:
    """Thread-safe record of every SMS handed to the 'provider'; a short pause widens races."""

    lock = threading.Lock()
    sent: list = []

    def send(self, *, delivery, notification, idempotency_key) -> None:
        time.sleep(0.01)
        with RecordingSmsBackend.lock:
            RecordingSmsBackend.sent.append(delivery.pk)


class SlowFileSmsBackend:
    """For the worker subprocess: announces itself, sleeps, then records the send in a file.

    Environment: SLOW_SMS_DIR (where `started` and `sent` are written), SLOW_SMS_SECONDS.
    A worker killed during the sleep leaves `started` but no line in `sent`.
    """

    def send(self, *, delivery, notification, idempotency_key) -> None:
        folder = Path(os.environ["SLOW_SMS_DIR"])
        with open(folder / "started", "a") as started:
            started.write(f"{delivery.pk}\n")
        time.sleep(float(os.environ.get("SLOW_SMS_SECONDS", "0")))
        with open(folder / "sent", "a") as sent:
            sent.write(f"{delivery.pk}\n")


class WorkerKilled(BaseException):
    """Stands for the worker process dying: not an Exception, so the outbox cannot record it and
    the transaction holding the delivery row rolls back, as it would when the process is gone."""


class DedupingProviderSmsBackend:
    """A provider that honours idempotency keys, like the ones the HttpSmsBackend talks to.

    A message with a key it has already accepted is acknowledged again but not handed to the
    phone network a second time. `phones` is what actually reached phones; `calls` every key
    the portal sent. Set `die_after_accept` to kill the worker right after the provider accepted.
    """

    accepted: dict = {}
    phones: list = []
    calls: list = []
    die_after_accept = False

    @classmethod
    def reset(cls):
        cls.accepted, cls.phones, cls.calls, cls.die_after_accept = {}, [], [], False

    def send(self, *, delivery, notification, idempotency_key) -> None:
        cls = DedupingProviderSmsBackend
        cls.calls.append(idempotency_key)
        if idempotency_key not in cls.accepted:
            cls.accepted[idempotency_key] = delivery.address
            cls.phones.append((delivery.address, f"【台江社区】{notification.title}"))
        if cls.die_after_accept:
            cls.die_after_accept = False  # the next worker lives
            raise WorkerKilled()
