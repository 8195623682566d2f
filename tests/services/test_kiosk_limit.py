"""The public kiosk limits tickets per IP address and answers 429 with a clear page."""

import pytest
from django.test import override_settings
from django.urls import reverse

from services import throttle
from services.models import QueueTicket

pytestmark = pytest.mark.django_db


LIMIT = 6  # the default RATE_LIMITS["kiosk_ticket"]: 6 per 10 minutes


@pytest.fixture(autouse=True)
def _default_kiosk_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "kiosk_ticket": "6/10m"}


def _take(client, hall, **extra):
    return client.post(reverse("services:kiosk", args=[hall["centre"].pk]), {"item": ""}, **extra)


def test_kiosk_refuses_with_429_after_the_limit_per_ip(client, hall):
    for _ in range(LIMIT):
        assert _take(client, hall).status_code == 302
    response = _take(client, hall)
    assert response.status_code == 429
    page = response.content.decode()
    assert "取号过于频繁" in page and f"最多取 {LIMIT} 个号" in page
    assert QueueTicket.objects.count() == LIMIT
    # another device is not affected
    assert _take(client, hall, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_centre_staff_and_trusted_kiosk_machines_are_not_limited(client, hall, people):
    client.force_login(people["window"])
    for _ in range(LIMIT + 2):
        assert _take(client, hall).status_code == 302
    client.logout()
    with override_settings(SERVICES_KIOSK_TRUSTED_IPS=["127.0.0.1"]):
        for _ in range(LIMIT + 2):
            assert _take(client, hall).status_code == 302


def test_kiosk_keeps_working_when_the_cache_is_down(client, hall, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("django.core.cache.cache.add", broken)
    assert _take(client, hall).status_code == 302


def test_a_kiosk_registered_by_centre_staff_is_not_limited(client, hall, people):
    register = reverse("services:kiosk_register", args=[hall["centre"].pk])
    client.force_login(people["window"])
    assert client.post(register).status_code == 302
    kiosk_cookie = client.cookies[throttle.KIOSK_COOKIE]
    client.logout()  # the hall machine then runs without anyone logged in (the test client drops cookies)
    client.cookies[throttle.KIOSK_COOKIE] = kiosk_cookie.value
    for _ in range(LIMIT + 3):
        assert _take(client, hall).status_code == 302


def test_only_centre_staff_may_register_a_kiosk(client, hall, people):
    register = reverse("services:kiosk_register", args=[hall["centre"].pk])
    client.force_login(people["resident"])
    refused = client.post(register)
    assert refused.status_code == 403 and "只有本中心的工作人员可以设置取号机" in refused.content.decode()
    client.cookies.clear()
    client.logout()
    client.cookies[throttle.KIOSK_COOKIE] = str(hall["centre"].pk)  # a forged, unsigned cookie
    for _ in range(LIMIT):
        _take(client, hall)
    assert _take(client, hall).status_code == 429
