"""Two sweeps (or a sweep and the after-commit push) at the same moment: each row sent once."""

import threading

import pytest
from django.db import connection

from taijiang.notifications import services
from taijiang.notifications.models import Delivery
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
