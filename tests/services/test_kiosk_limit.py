"""The public kiosk limits tickets per IP address and answers 429 with a clear page."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from services import throttle
from services.models import QueueTicket

pytestmark = pytest.mark.django_db


def _take(client, hall, **extra):
    return client.post(reverse("services:kiosk", args=[hall["centre"].pk]), {"item": ""}, **extra)


def test_kiosk_refuses_with_429_after_the_limit_per_ip(client, hall):
    for _ in range(throttle.KIOSK_TICKETS_PER_IP):
        assert _take(client, hall).status_code == 302
    response = _take(client, hall)
    assert response.status_code == 429
    page = response.content.decode()
    assert "取号过于频繁" in page and f"最多取 {throttle.KIOSK_TICKETS_PER_IP} 个号" in page
    assert QueueTicket.objects.count() == throttle.KIOSK_TICKETS_PER_IP
    # another device is not affected
    cache.delete(throttle.kiosk_key("10.0.0.9"))
    assert _take(client, hall, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_centre_staff_and_trusted_kiosk_machines_are_not_limited(client, hall, people):
    client.force_login(people["window"])
    for _ in range(throttle.KIOSK_TICKETS_PER_IP + 2):
        assert _take(client, hall).status_code == 302
    client.logout()
    with override_settings(SERVICES_KIOSK_TRUSTED_IPS=["127.0.0.1"]):
        for _ in range(throttle.KIOSK_TICKETS_PER_IP + 2):
            assert _take(client, hall).status_code == 302


def test_kiosk_keeps_working_when_the_cache_is_down(client, hall, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(throttle.cache, "add", broken)
    assert _take(client, hall).status_code == 302


def test_a_kiosk_registered_by_centre_staff_is_not_limited(client, hall, people):
    register = reverse("services:kiosk_register", args=[hall["centre"].pk])
    client.force_login(people["window"])
    assert client.post(register).status_code == 302
    kiosk_cookie = client.cookies[throttle.KIOSK_COOKIE]
    client.logout()  # the hall machine then runs without anyone logged in (the test client drops cookies)
    client.cookies[throttle.KIOSK_COOKIE] = kiosk_cookie.value
    for _ in range(throttle.KIOSK_TICKETS_PER_IP + 3):
        assert _take(client, hall).status_code == 302


def test_only_centre_staff_may_register_a_kiosk(client, hall, people):
    register = reverse("services:kiosk_register", args=[hall["centre"].pk])
    client.force_login(people["resident"])
    refused = client.post(register)
    assert refused.status_code == 403 and "只有本中心的工作人员可以设置取号机" in refused.content.decode()
    client.cookies.clear()
    client.logout()
    client.cookies[throttle.KIOSK_COOKIE] = str(hall["centre"].pk)  # a forged, unsigned cookie
    for _ in range(throttle.KIOSK_TICKETS_PER_IP):
        _take(client, hall)
    assert _take(client, hall).status_code == 429
