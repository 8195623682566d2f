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

    def send(self, *, delivery, notification) -> None:
        time.sleep(0.01)
        with RecordingSmsBackend.lock:
            RecordingSmsBackend.sent.append(delivery.pk)


class SlowFileSmsBackend:
    """For the worker subprocess: announces itself, sleeps, then records the send in a file.

    Environment: SLOW_SMS_DIR (where `started` and `sent` are written), SLOW_SMS_SECONDS.
    A worker killed during the sleep leaves `started` but no line in `sent`.
    """

    def send(self, *, delivery, notification) -> None:
        folder = Path(os.environ["SLOW_SMS_DIR"])
        with open(folder / "started", "a") as started:
            started.write(f"{delivery.pk}\n")
        time.sleep(float(os.environ.get("SLOW_SMS_SECONDS", "0")))
        with open(folder / "sent", "a") as sent:
            sent.write(f"{delivery.pk}\n")
