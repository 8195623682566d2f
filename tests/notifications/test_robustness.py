"""Faults the outbox must survive, without a broker (eager tasks, as on a fresh machine)."""

import datetime
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from taijiang.notifications.channels import LoggingSmsBackend
from taijiang.notifications.models import ChannelPreference, Delivery, Notification
from taijiang.notifications.services import MAX_ATTEMPTS, notify, sweep_outbox_now
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clear_sms():
    LoggingSmsBackend.sent.clear()


def _at(when):
    return datetime.datetime(*when, tzinfo=timezone.get_current_timezone())


@pytest.mark.django_db(transaction=True)
def test_smtp_error_is_retried_with_exponential_backoff_then_sent(settings, time_machine):
    time_machine.move_to(_at((2026, 12, 1, 9, 0)), tick=False)
    settings.EMAIL_BACKEND = "tests.notifications.backends.SmtpDownEmailBackend"
    user = factories.resident(email="lin@example.com", phone=None)
    ChannelPreference.objects.create(user=user, email=True, sms=False)
    notification = notify(recipient=user, event="notifications.test", context={"text": "x"})
    delivery = notification.deliveries.get()
    gaps = []
    for _ in range(3):
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PENDING and "SMTPException" in delivery.last_error
        gaps.append(delivery.next_attempt_at - timezone.now())
        time_machine.move_to(delivery.next_attempt_at - datetime.timedelta(seconds=1), tick=False)
        assert sweep_outbox_now() == 0  # not due before its backoff ends
        time_machine.move_to(delivery.next_attempt_at, tick=False)
        sweep_outbox_now()
    assert gaps == [datetime.timedelta(minutes=1), datetime.timedelta(minutes=2), datetime.timedelta(minutes=4)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery.refresh_from_db()
    time_machine.move_to(delivery.next_attempt_at, tick=False)
    assert sweep_outbox_now() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 5  # 4 refusals, then accepted
    assert [m.to for m in mail.outbox] == [["lin@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_smtp_error_every_time_ends_failed_after_max_attempts(settings, time_machine):
    time_machine.move_to(_at((2026, 12, 1, 9, 0)))
    settings.EMAIL_BACKEND = "tests.notifications.backends.SmtpDownEmailBackend"
    user = factories.resident(email="lin@example.com", phone=None)
    ChannelPreference.objects.create(user=user, email=True, sms=False)
    delivery = notify(recipient=user, event="notifications.test", context={"text": "x"}).deliveries.get()
    for _ in range(MAX_ATTEMPTS + 3):
        time_machine.move_to(timezone.now() + datetime.timedelta(hours=7))
        sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == MAX_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_deleted_recipient_is_dropped_with_a_log_line(caplog, time_machine):
    time_machine.move_to(_at((2026, 12, 1, 9, 0)))
    user = factories.resident()
    notify(recipient=user, event="notifications.test", context={"text": "x"},
           send_after=timezone.now() + datetime.timedelta(hours=1))
    user.delete()
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    with caplog.at_level(logging.INFO, logger="taijiang.notifications.services"):
        assert sweep_outbox_now() == 1
        assert sweep_outbox_now() == 0  # not retried
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DROPPED and delivery.attempts == 0
    assert f"dropping delivery {delivery.pk}: recipient was deleted" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_fresh_machine_path_delivers_eagerly_without_a_broker(provider):
    # No REDIS_URL: settings make Celery eager, and the after-commit push runs inline.
    from taijiang.celery import app

    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    probe = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from taijiang.celery import app; "
         "print(app.conf.task_always_eager, app.conf.broker_url)"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "taijiang.settings", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60, check=True,
    )
    assert probe.stdout.split() == ["True", "memory://"]
    app.conf.task_always_eager = True  # what those settings give this process
    user = factories.resident(phone="13900004444")
    notification = notify(recipient=user, event="notifications.test", context={"text": "x"})
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1
    assert provider.phones == [("13900004444", "【台江社区】测试通知")]


@pytest.mark.django_db
def test_notifications_status_prints_pending_failed_and_oldest_age(time_machine):
    from io import StringIO

    time_machine.move_to(_at((2026, 12, 1, 9, 0)))
    user = factories.resident()
    for _ in range(2):  # not committed in this test, so the after-commit push never runs: pending
        notify(recipient=user, event="notifications.test", context={"text": "x"})
    failed = notify(recipient=user, event="notifications.test", context={"text": "x"})
    failed.deliveries.update(status=Delivery.Status.FAILED)
    notify(recipient=user, event="notifications.test", context={"text": "later"},
           send_after=timezone.now() + datetime.timedelta(days=1))  # not due: not pending yet
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=90, seconds=5))
    out = StringIO()
    call_command("notifications_status", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["pending: 2", "failed: 1", "oldest pending age: 5405 s (1h 30m)"]


@pytest.mark.django_db
def test_notifications_status_on_an_empty_outbox():
    from io import StringIO

    out = StringIO()
    call_command("notifications_status", stdout=out)
    assert out.getvalue().splitlines() == ["pending: 0", "failed: 0", "oldest pending age: 0 s (0s)"]


@pytest.mark.django_db
def test_healthz_reports_the_outbox_backlog(client):
    user = factories.resident()
    notify(recipient=user, event="notifications.test", context={"text": "x"})  # uncommitted push: pending
    outbox = client.get("/healthz").json()["checks"]["outbox"]
    assert outbox == {"ok": True, "pending": 1, "failed": 0, "oldest_pending_seconds": outbox["oldest_pending_seconds"]}
    assert 0 <= outbox["oldest_pending_seconds"] < 60


@pytest.mark.django_db
def test_reminder_revived_after_cancellation_is_sent_once(time_machine, django_capture_on_commit_callbacks):
    from taijiang.notifications.services import cancel_notifications

    time_machine.move_to(_at((2026, 12, 1, 9, 0)))
    user = factories.resident()
    due = timezone.now() + datetime.timedelta(hours=2)
    notify(recipient=user, event="notifications.test", context={"text": "r"}, send_after=due, dedupe_key="b:9:2h")
    cancel_notifications(dedupe_key_prefix="b:9:")
    again = notify(recipient=user, event="notifications.test", context={"text": "r"}, send_after=due,
                   dedupe_key="b:9:2h")
    assert again.status == Notification.Status.ACTIVE and Notification.objects.count() == 1
    time_machine.move_to(due)
    assert sweep_outbox_now() == 1 and sweep_outbox_now() == 0
    assert len(LoggingSmsBackend.sent) == 1


# --- no long countdowns ----------------------------------------------------------------

SMALL_DELAY_SECONDS = 300
DELAY_ARGUMENT = re.compile(r"\b(countdown|eta)\s*=\s*([^,)\n]+)")


def _python_sources():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "node_modules", "staticfiles"} or ".venv" in parts:
            continue
        yield path


def test_no_task_is_scheduled_with_a_long_countdown_or_eta():
    """Celery countdown/eta beyond a few minutes runs twice on Redis (visibility timeout) or is
    lost on restart; reminders are outbox rows with send_after instead (docs/background-work.md)."""
    sources = list(_python_sources())
    assert any(path.name == "services.py" for path in sources)  # the walk does see the code base
    offenders = []
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name, value in DELAY_ARGUMENT.findall(line):
                value = value.strip()
                if not (value.isdigit() and int(value) <= SMALL_DELAY_SECONDS):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {name}={value}")
    assert offenders == [], "use notify(send_after=...) or a beat sweep instead of:\n" + "\n".join(offenders)


def test_countdown_scanner_catches_long_and_computed_delays():
    sample = "task.apply_async(args=(1,), countdown=86400)\nx.apply_async(eta=when)\ny.apply_async(countdown=30)"
    found = DELAY_ARGUMENT.findall(sample)
    assert found == [("countdown", "86400"), ("eta", "when"), ("countdown", "30")]


@pytest.mark.django_db
def test_healthz_is_degraded_not_down_when_the_outbox_is_stuck(client, time_machine):
    time_machine.move_to(_at((2026, 12, 1, 9, 0)))
    notify(recipient=factories.resident(), event="notifications.test", context={"text": "x"})  # left pending
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=20))
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["outbox"]["ok"] is False and body["checks"]["outbox"]["pending"] == 1


@pytest.mark.django_db(transaction=True)
def test_task_out_of_time_during_send_rolls_back_and_leaves_the_row_for_the_next_sweep(monkeypatch, provider):
    from celery.exceptions import SoftTimeLimitExceeded

    from taijiang.notifications import services

    monkeypatch.setattr(services, "_deliver_after_commit", lambda *args: None)
    delivery = notify(recipient=factories.resident(), event="notifications.test", context={"text": "x"}
                      ).deliveries.get()

    def out_of_time(self, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(provider, "send", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0
    monkeypatch.undo()
    assert sweep_outbox_now() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_sweep_stops_at_its_time_budget_and_the_next_sweep_carries_on(monkeypatch, provider):
    from taijiang.notifications import services

    monkeypatch.setattr(services, "_deliver_after_commit", lambda *args: None)
    for i in range(3):
        notify(recipient=factories.resident(), event="notifications.test", context={"text": str(i)})
    assert sweep_outbox_now(time_budget=0) == 0
    assert sweep_outbox_now(limit=2) == 2 and sweep_outbox_now() == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
