"""The outbox with a real Celery worker on Redis and PostgreSQL (CI's production-shape pass).

Each test starts `celery worker --pool=solo` as a subprocess on a queue of its own, pointed at
the test database, and always kills it in a finally block (the Worker context manager). The SMS
backend in the worker writes what it sends to files in tmp_path, so "exactly once" is checked
on what reached the provider, not only on our rows.
"""

import pytest
from django.urls import reverse

from taijiang.notifications import tasks
from taijiang.notifications.models import Delivery, Notification
from taijiang.notifications.services import enqueue, notify
from tests import factories

from .worker import Worker, broker_at, closed_port_url, publishing_to_own_queue, unacknowledged_messages, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SLOW_BACKEND = "tests.notifications.backends.SlowFileSmsBackend"


def _sms_env(folder, seconds=0):
    return {"SMS_BACKEND": SLOW_BACKEND, "SLOW_SMS_DIR": str(folder), "SLOW_SMS_SECONDS": str(seconds)}


def _lines(path):
    return path.read_text().split() if path.exists() else []


def _status(delivery_pk):
    return Delivery.objects.get(pk=delivery_pk).status


def test_round_trip_delivers_exactly_once(tmp_path):
    user, witness = factories.resident(), factories.resident()
    with publishing_to_own_queue() as queue, Worker(queue=queue, workdir=tmp_path, extra_env=_sms_env(tmp_path)):
        notification = notify(recipient=user, event="notifications.test", context={"text": "往返"})
        delivery = notification.deliveries.get()
        wait_for(lambda: _status(delivery.pk) == Delivery.Status.SENT, what="the delivery to be sent")
        # The same message again (as Redis redelivers after a visibility timeout) and a sweep:
        enqueue(tasks.deliver_notification, notification.pk)
        enqueue(tasks.sweep_outbox)
        # One solo worker takes its queue in order: once the witness is sent, those two ran.
        last = notify(recipient=witness, event="notifications.test", context={"text": "见证"}).deliveries.get()
        wait_for(lambda: _status(last.pk) == Delivery.Status.SENT, what="the witness delivery")
    assert _lines(tmp_path / "sent") == [str(delivery.pk), str(last.pk)]
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.sent_at is not None


def test_worker_killed_during_delivery_still_delivers_exactly_once(tmp_path):
    user = factories.resident()
    with publishing_to_own_queue() as queue:
        slow = Worker(queue=queue, workdir=tmp_path, extra_env=_sms_env(tmp_path, seconds=60))
        with slow:
            notification = notify(recipient=user, event="notifications.test", context={"text": "中断"})
            delivery = notification.deliveries.get()
            wait_for(lambda: _lines(tmp_path / "started") == [str(delivery.pk)], what="send() to start")
            slow.kill()  # SIGKILL inside send(): no ack, no commit
        # Late acknowledgement: the message was not acked, Redis still holds it for redelivery.
        assert unacknowledged_messages(queue) == 1
        # The worker's transaction died with it: the row is still pending and unlocked.
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0
        assert _lines(tmp_path / "sent") == []
        with Worker(queue=queue, workdir=tmp_path, extra_env=_sms_env(tmp_path)):
            # The unacknowledged message waits for the visibility timeout; beat's minute sweep
            # (sent here directly) picks the row up long before.
            enqueue(tasks.sweep_outbox)
            wait_for(lambda: _status(delivery.pk) == Delivery.Status.SENT, what="the sweep to deliver")
            enqueue(tasks.deliver_notification, notification.pk)  # the late redelivery, when it comes
            enqueue(tasks.sweep_outbox)
            witness = notify(recipient=factories.resident(), event="notifications.test",
                             context={"text": "见证"}).deliveries.get()
            wait_for(lambda: _status(witness.pk) == Delivery.Status.SENT, what="the witness delivery")
    assert _lines(tmp_path / "sent").count(str(delivery.pk)) == 1
    assert _lines(tmp_path / "started").count(str(delivery.pk)) == 2  # killed once, sent once


def test_broker_unreachable_request_succeeds_and_row_is_delivered_when_broker_returns(client, tmp_path):
    user = factories.resident()
    client.force_login(user)
    with publishing_to_own_queue() as queue:
        with broker_at(closed_port_url()):
            response = client.post(reverse("notifications:send_test"), follow=True)
        assert response.status_code == 200 and "测试通知已发出" in response.content.decode()
        notification = Notification.objects.get(recipient=user)
        delivery = notification.deliveries.get()
        assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0
        with Worker(queue=queue, workdir=tmp_path, extra_env=_sms_env(tmp_path)):
            assert enqueue(tasks.sweep_outbox)  # the broker is back: beat's sweep runs
            wait_for(lambda: _status(delivery.pk) == Delivery.Status.SENT, what="the sweep to deliver")
            enqueue(tasks.sweep_outbox)
            witness = notify(recipient=factories.resident(), event="notifications.test",
                             context={"text": "见证"}).deliveries.get()
            wait_for(lambda: _status(witness.pk) == Delivery.Status.SENT, what="the witness delivery")
    assert _lines(tmp_path / "sent").count(str(delivery.pk)) == 1


def test_enqueue_with_unreachable_broker_returns_false_instead_of_raising():
    with publishing_to_own_queue(), broker_at(closed_port_url()):
        assert enqueue(tasks.sweep_outbox) is False
