"""The inbox keeps a year (NOTIFICATION_RETENTION_DAYS); a delivery still waiting is never removed."""

import datetime

import pytest
from django.utils import timezone

from taijiang.notifications.models import Delivery, Notification
from taijiang.notifications.retention import purge_expired
from tests import factories

pytestmark = pytest.mark.django_db


def notification(user, *, days_ago: int, delivery_status=None) -> Notification:
    note = Notification.objects.create(recipient=user, event="test", title="通知",
                                       send_after=timezone.now() - datetime.timedelta(days=days_ago))
    if delivery_status:
        Delivery.objects.create(notification=note, channel="sms", address="13800000000", status=delivery_status,
                                sent_at=timezone.now() if delivery_status == "sent" else None)
    return note


def test_old_notifications_go_with_their_deliveries_and_recent_ones_stay(settings):
    settings.NOTIFICATION_RETENTION_DAYS = 365
    user = factories.UserFactory()
    old = notification(user, days_ago=400, delivery_status="sent")
    recent = notification(user, days_ago=300, delivery_status="sent")
    waiting = notification(user, days_ago=400, delivery_status="pending")

    assert purge_expired(batch=1) == 1

    assert set(Notification.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not Delivery.objects.filter(notification_id=old.pk).exists()
    assert Delivery.objects.filter(notification=waiting, status="pending").exists()
    assert purge_expired() == 0


def test_a_retention_below_a_month_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.NOTIFICATION_RETENTION_DAYS = 3
    with pytest.raises(ImproperlyConfigured):
        purge_expired()
