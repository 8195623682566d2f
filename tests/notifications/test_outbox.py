import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from taijiang.notifications.channels import LoggingSmsBackend
from taijiang.notifications.models import ChannelPreference, Delivery, Notification
from taijiang.notifications.services import cancel_notifications, notify, sweep_outbox_now
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _clear_sms():
    LoggingSmsBackend.sent.clear()


def test_notify_writes_inapp_row_and_delivers_sms_after_commit():
    user = factories.resident(phone="13900001111")
    with transaction.atomic():
        notification = notify(recipient=user, event="notifications.test", context={"text": "你好"})
        assert LoggingSmsBackend.sent == []  # nothing leaves before commit
    assert notification.title == "测试通知" and notification.body == "这是一条测试通知：你好"
    delivery = Delivery.objects.get(notification=notification)
    # The logging backend hands the message to no one: "not sent", with the reason, never "sent".
    assert delivery.status == Delivery.Status.NOT_SENT and delivery.attempts == 1
    assert "未配置短信服务商" in delivery.last_error and delivery.sent_at is None
    assert LoggingSmsBackend.sent == [("13900001111", "【台江社区】测试通知")]


def test_rolled_back_event_sends_nothing():
    user = factories.resident()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient=user, event="notifications.test", context={"text": "x"})
        raise RuntimeError("the event failed")
    assert not Notification.objects.exists() and LoggingSmsBackend.sent == []


def test_text_is_rendered_in_recipient_language():
    user = factories.resident(language="en")
    notification = notify(recipient=user, event="notifications.test", context={"text": "hi"})
    assert notification.title == "Test notification"


def test_dedupe_key_notifies_once():
    user = factories.resident()
    first = notify(recipient=user, event="notifications.test", context={"text": "1"}, dedupe_key="k:1")
    second = notify(recipient=user, event="notifications.test", context={"text": "1"}, dedupe_key="k:1")
    assert first.pk == second.pk and Notification.objects.count() == 1
    assert len(LoggingSmsBackend.sent) == 1


def test_scheduled_reminder_waits_for_its_time_and_sweep_sends_it_once(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone()))
    user = factories.resident()
    due = timezone.now() + datetime.timedelta(hours=24)
    notify(recipient=user, event="notifications.test", context={"text": "r"}, send_after=due, dedupe_key="r:1")
    assert sweep_outbox_now() == 0 and LoggingSmsBackend.sent == []
    time_machine.move_to(due + datetime.timedelta(seconds=1))
    assert sweep_outbox_now() == 1
    assert sweep_outbox_now() == 0  # the second sweep finds nothing: exactly once
    assert len(LoggingSmsBackend.sent) == 1


def test_cancelled_reminder_is_never_sent(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone()))
    user = factories.resident()
    due = timezone.now() + datetime.timedelta(hours=1)
    notify(recipient=user, event="notifications.test", context={"text": "r"}, send_after=due,
           dedupe_key="booking:5:1h")
    assert cancel_notifications(dedupe_key_prefix="booking:5:") == 1
    time_machine.move_to(due + datetime.timedelta(minutes=1))
    assert sweep_outbox_now() == 0 and LoggingSmsBackend.sent == []


def test_failing_channel_retries_with_backoff_then_fails(monkeypatch, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone()))

    def broken(self, **kwargs):
        raise ConnectionError("provider down")

    monkeypatch.setattr(LoggingSmsBackend, "send", broken)
    notification = notify(recipient=factories.resident(), event="notifications.test", context={"text": "x"})
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert "provider down" in delivery.last_error
    first_retry = delivery.next_attempt_at
    assert first_retry > timezone.now()
    for _ in range(10):
        time_machine.move_to(timezone.now() + datetime.timedelta(hours=7))
        sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 6


def test_deleted_recipient_is_dropped_not_retried(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone()))
    user = factories.resident()
    due = timezone.now() + datetime.timedelta(minutes=30)
    notify(recipient=user, event="notifications.test", context={"text": "x"}, send_after=due)
    user.delete()
    time_machine.move_to(due + datetime.timedelta(minutes=1))
    sweep_outbox_now()
    assert Delivery.objects.get().status == Delivery.Status.DROPPED
    assert LoggingSmsBackend.sent == []


def test_preferences_choose_channels():
    user = factories.resident(email="lin@example.com")
    ChannelPreference.objects.create(user=user, email=True, sms=False)
    notification = notify(recipient=user, event="notifications.test", context={"text": "x"})
    assert list(notification.deliveries.values_list("channel", flat=True)) == ["email"]


def test_broker_down_keeps_request_and_sweep_delivers_later(monkeypatch, provider):
    from taijiang.notifications import tasks

    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.deliver_notification, "apply_async", unreachable)
    notification = notify(recipient=factories.resident(), event="notifications.test", context={"text": "x"})
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.status == Delivery.Status.PENDING  # saved, not lost
    monkeypatch.undo()
    assert sweep_outbox_now() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
