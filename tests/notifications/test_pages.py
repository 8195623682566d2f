"""Journeys through the notification centre pages with the Django test client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from taijiang.notifications.channels import LoggingSmsBackend
from taijiang.notifications.models import ChannelPreference, Delivery, Notification
from taijiang.notifications.services import notify
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_sms():
    LoggingSmsBackend.sent.clear()


def _login(client, user):
    client.force_login(user)
    return client


def _notify(user, text="x", link=""):
    return notify(recipient=user, event="notifications.test", context={"text": text}, link=link)


def test_list_shows_own_notifications_with_links_and_not_others(client):
    me, other = factories.resident(), factories.resident()
    _notify(me, "我的消息", link="/appeals/7/")
    _notify(other, "别人的消息")
    body = _login(client, me).get(reverse("notifications:list")).content.decode()
    assert "这是一条测试通知：我的消息" in body and 'href="/appeals/7/"' in body
    assert "别人的消息" not in body
    assert reverse("notifications:preferences") in body


def test_list_hides_reminders_not_yet_due(client):
    me = factories.resident()
    notify(recipient=me, event="notifications.test", context={"text": "明天的提醒"},
           send_after=timezone.now() + datetime.timedelta(days=1))
    assert "明天的提醒" not in _login(client, me).get(reverse("notifications:list")).content.decode()


def test_list_needs_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_budget(client, django_assert_max_num_queries, rows):
    me = factories.resident()
    for i in range(rows):
        _notify(me, str(i))
    _login(client, me)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_mark_one_read_with_htmx_swaps_the_item_and_signals_the_badge(client):
    me = factories.resident()
    first, second = _notify(me, "1"), _notify(me, "2")
    response = _login(client, me).post(reverse("notifications:mark_read", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notificationsRead"
    assert f'id="notification-{first.pk}"' in response.content.decode() and "已读" in response.content.decode()
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert client.get(reverse("notifications:badge")).content.decode().count(">1<") == 1


def test_mark_all_read_with_htmx_returns_the_list(client):
    me = factories.resident()
    _notify(me, "1"), _notify(me, "2")
    response = _login(client, me).post(reverse("notifications:mark_all_read"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="notification-items"' in response.content.decode()
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert "badge" not in client.get(reverse("notifications:badge")).content.decode()


def test_mark_read_without_htmx_redirects_to_a_local_next_only(client):
    me = factories.resident()
    n = _notify(me)
    response = _login(client, me).post(reverse("notifications:mark_read", args=[n.pk]), {"next": "//evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    n.refresh_from_db()
    assert n.read_at is not None


def test_cannot_mark_someone_elses_notification_read(client):
    me, other = factories.resident(), factories.resident()
    theirs = _notify(other)
    response = _login(client, me).post(reverse("notifications:mark_read", args=[theirs.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_badge_is_empty_for_anonymous_visitors(client):
    response = client.get(reverse("notifications:badge"))
    assert response.status_code == 200 and "badge" not in response.content.decode()


def test_preferences_page_saves_channels_and_they_apply(client):
    me = factories.resident(email="me@example.com")
    _login(client, me)
    assert "短信通知" in client.get(reverse("notifications:preferences")).content.decode()
    response = client.post(reverse("notifications:preferences"), {"email": "on"}, follow=True)
    assert "通知偏好已保存" in response.content.decode()
    prefs = ChannelPreference.objects.get(user=me)
    assert prefs.email and not prefs.sms
    assert list(_notify(me).deliveries.values_list("channel", flat=True)) == ["email"]


def test_preferences_warn_when_no_email_registered(client):
    me = factories.resident(email="")
    assert "您尚未登记邮箱" in _login(client, me).get(reverse("notifications:preferences")).content.decode()


def test_test_notification_is_sent_once_per_ten_minutes(client, django_capture_on_commit_callbacks):
    me = factories.resident(phone="13900002222")
    _login(client, me)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:send_test"), follow=True)
    assert "测试通知已发出" in response.content.decode()
    assert LoggingSmsBackend.sent == [("13900002222", "【台江社区】测试通知")]
    response = client.post(reverse("notifications:send_test"), follow=True)
    assert "每十分钟只能发送一次" in response.content.decode()
    assert Notification.objects.filter(recipient=me).count() == 1 and len(LoggingSmsBackend.sent) == 1


# --- admin view of failed deliveries ----------------------------------------------------

def _failed_for(user, text="x"):
    notification = _notify(user, text)
    delivery = notification.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, attempts=6, last_error="Boom")
    return delivery


@pytest.mark.parametrize("make_user", [
    factories.resident,
    lambda: factories.window_staff(factories.CommunityFactory()),
    lambda: factories.grid_worker(factories.GridFactory()),
])
def test_problems_page_refuses_non_admins_with_a_clear_message(client, make_user):
    response = _login(client, make_user()).get(reverse("notifications:problems"))
    assert response.status_code == 403
    assert "只有社区、街道和区级管理员可以查看" in response.content.decode()


def test_community_admin_sees_failures_of_own_community_only(client, territory):
    mine = _failed_for(factories.resident(community=territory["a1"]))
    theirs = _failed_for(factories.resident(community=territory["a2"]))
    body = _login(client, factories.community_admin(territory["a1"])).get(reverse("notifications:problems"))
    text = body.content.decode()
    assert "甲一社区" in text and "甲二社区" not in text
    assert reverse("notifications:retry", args=[theirs.pk]) not in text
    assert text.count("Boom") == 1 and reverse("notifications:retry", args=[mine.pk]) in text


def test_street_admin_sees_failures_in_the_street_and_district_admin_all(client, territory):
    a1 = _failed_for(factories.resident(community=territory["a1"]))
    a2 = _failed_for(factories.resident(community=territory["a2"]))
    b1 = _failed_for(factories.resident(community=territory["b1"]))
    street = _login(client, factories.street_admin(territory["street_a"])).get(reverse("notifications:problems"))
    text = street.content.decode()
    assert all(reverse("notifications:retry", args=[d.pk]) in text for d in (a1, a2))
    assert reverse("notifications:retry", args=[b1.pk]) not in text
    text = _login(client, factories.district_admin()).get(reverse("notifications:problems")).content.decode()
    assert text.count("Boom") == 3


def test_problems_page_lists_pending_older_than_ten_minutes_but_not_fresh_ones(client, territory, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone()))
    resident = factories.resident(community=territory["a1"])
    stuck = notify(recipient=resident, event="notifications.test", context={"text": "卡住"},
                   send_after=timezone.now() + datetime.timedelta(minutes=1))
    fresh = notify(recipient=resident, event="notifications.test", context={"text": "新的"},
                   send_after=timezone.now() + datetime.timedelta(minutes=15))
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=20))
    text = _login(client, factories.community_admin(territory["a1"])).get(reverse("notifications:problems"))
    text = text.content.decode()
    assert reverse("notifications:retry", args=[stuck.deliveries.get().pk]) in text
    assert reverse("notifications:retry", args=[fresh.deliveries.get().pk]) not in text


@pytest.mark.parametrize("rows", [1, 50])
def test_problems_page_query_budget(client, territory, django_assert_max_num_queries, rows):
    for _ in range(rows):
        _failed_for(factories.resident(community=territory["a1"]))
    _login(client, factories.community_admin(territory["a1"]))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications:problems")).status_code == 200


def test_retry_sends_a_failed_delivery_again(client, territory, django_capture_on_commit_callbacks, provider):
    delivery = _failed_for(factories.resident(community=territory["a1"], phone="13900003333"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _login(client, factories.community_admin(territory["a1"])).post(
            reverse("notifications:retry", args=[delivery.pk]), follow=True)
    assert "已重新加入发送队列" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1
    assert [address for address, _ in provider.phones] == ["13900003333"]


def test_retry_outside_the_admins_community_is_404_and_changes_nothing(client, territory):
    delivery = _failed_for(factories.resident(community=territory["a2"]))
    response = _login(client, factories.community_admin(territory["a1"])).post(
        reverse("notifications:retry", args=[delivery.pk]))
    assert response.status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED


def test_retry_by_a_resident_is_403_with_message(client, territory):
    delivery = _failed_for(factories.resident(community=territory["a1"]))
    response = _login(client, factories.resident()).post(reverse("notifications:retry", args=[delivery.pk]))
    assert response.status_code == 403 and "只有社区、街道和区级管理员" in response.content.decode()


def test_retry_of_a_sent_delivery_is_refused(client, territory, django_capture_on_commit_callbacks, provider):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(factories.resident(community=territory["a1"]))
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.SENT
    response = _login(client, factories.community_admin(territory["a1"])).post(
        reverse("notifications:retry", args=[delivery.pk]), follow=True)
    assert "只有发送失败、未发送或待发送的投递可以重试" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1


def test_admin_home_shows_failed_count_card(client, territory):
    _failed_for(factories.resident(community=territory["a1"]))
    text = _login(client, factories.community_admin(territory["a1"])).get("/").content.decode()
    assert "发送失败的通知" in text


def test_street_admin_retries_a_failure_in_the_street_but_not_in_another(client, territory):
    inside = _failed_for(factories.resident(community=territory["a2"]))
    outside = _failed_for(factories.resident(community=territory["b1"]))
    _login(client, factories.street_admin(territory["street_a"]))
    assert client.post(reverse("notifications:retry", args=[outside.pk])).status_code == 404
    assert client.post(reverse("notifications:retry", args=[inside.pk])).status_code == 302
    inside.refresh_from_db(), outside.refresh_from_db()
    assert inside.status == Delivery.Status.PENDING and inside.attempts == 0
    assert outside.status == Delivery.Status.FAILED


def test_retry_needs_post(client, territory):
    delivery = _failed_for(factories.resident(community=territory["a1"]))
    response = _login(client, factories.community_admin(territory["a1"])).get(
        reverse("notifications:retry", args=[delivery.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("status", [Delivery.Status.SENT, Delivery.Status.DROPPED, Delivery.Status.CANCELLED])
def test_retry_service_refuses_deliveries_that_are_not_failed_or_pending(territory, status):
    from taijiang.core.exceptions import InvalidTransition
    from taijiang.notifications.services import retry_delivery

    delivery = _failed_for(factories.resident(community=territory["a1"]))
    Delivery.objects.filter(pk=delivery.pk).update(status=status, sent_at="2026-12-01T09:00:00+08:00")
    with pytest.raises(InvalidTransition, match="只有发送失败、未发送或待发送的投递可以重试"):
        retry_delivery(actor=factories.district_admin(), delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == status
