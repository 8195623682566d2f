"""Two sweeps (or a sweep and the after-commit push) at the same moment: each row sent once."""

import threading
import time

import pytest
from django.db import connection, transaction

from taijiang.notifications import services
from taijiang.notifications.models import Delivery, Notification
from taijiang.notifications.services import deliver_notification_now, notify, sweep_outbox_now
from tests import factories

from .backends import RecordingSmsBackend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 30


@pytest.fixture
def pending_deliveries(settings, monkeypatch):
    settings.SMS_BACKEND = "tests.notifications.backends.RecordingSmsBackend"
    RecordingSmsBackend.sent.clear()
    # Write the rows as a broker outage would leave them: committed, nothing pushed.
    monkeypatch.setattr(services, "_deliver_after_commit", lambda *args: None)
    notifications = [notify(recipient=factories.resident(), event="notifications.test", context={"text": str(i)})
                     for i in range(ROWS)]
    return notifications, sorted(Delivery.objects.values_list("pk", flat=True))


def _run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as exc:  # reported below: an exception in a thread must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_two_sweeps_at_the_same_moment_deliver_each_row_once(pending_deliveries):
    _notifications, delivery_ids = pending_deliveries
    assert len(delivery_ids) == ROWS
    _run_together(sweep_outbox_now, sweep_outbox_now)
    assert sorted(RecordingSmsBackend.sent) == delivery_ids
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def test_push_and_sweep_at_the_same_moment_deliver_each_row_once(pending_deliveries):
    notifications, delivery_ids = pending_deliveries

    def push_all():
        for notification in notifications:
            deliver_notification_now(notification_id=notification.pk)

    _run_together(push_all, sweep_outbox_now, push_all)
    assert sorted(RecordingSmsBackend.sent) == delivery_ids
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_same_reminder_written_by_two_transactions_at_once_is_one_notification(settings):
    """Two runs of a reminder job race on one dedupe_key: one row, one message, no error."""
    settings.SMS_BACKEND = "tests.notifications.backends.RecordingSmsBackend"
    RecordingSmsBackend.sent.clear()
    user = factories.resident()
    first_written = threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            results["first"] = notify(recipient=user, event="notifications.test", context={"text": "1"},
                                      dedupe_key="spaces.booking:1:24h").pk
            first_written.set()
            time.sleep(0.5)  # keep the row uncommitted while the second transaction inserts its twin

    def second():
        first_written.wait(timeout=10)
        results["second"] = notify(recipient=user, event="notifications.test", context={"text": "1"},
                                   dedupe_key="spaces.booking:1:24h").pk

    _run_together(first, second)
    assert results["first"] == results["second"]
    assert Notification.objects.filter(dedupe_key="spaces.booking:1:24h").count() == 1
    assert Delivery.objects.count() == 1 and len(RecordingSmsBackend.sent) == 1
