"""Brute force: django-axes locks the login page, the admin login and the API token endpoint."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/django-admin/login/"
TOKEN = "/api/v1/auth/token/"
LOCKED_TEXT = "登录失败次数过多，已暂时锁定"


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()  # the token endpoint's throttle lives in the cache, which outlives a test's transaction
    yield
    cache.clear()


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_on_the_login_page_then_the_right_one_is_refused(client):
    factories.resident(username="resident77", phone="13900000077")
    statuses = [client.post(LOGIN, {"username": "13900000077", "password": f"wrong-{i}"}).status_code
                for i in range(40)]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}

    response = client.post(LOGIN, {"username": "13900000077", "password": factories.PASSWORD})
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode() and "15 分钟" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "users/locked_out.html" in [t.name for t in response.templates]
    assert not _is_logged_in(client)


def test_every_spelling_of_a_phone_and_the_username_count_for_the_same_account(client):
    factories.resident(username="resident77", phone="13900000077")
    for typed in ["13900000077", "139 0000 0077", "+8613900000077", "139-0000-0077", "resident77"]:
        client.post(LOGIN, {"username": typed, "password": "wrong-password"})
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"resident77"}
    response = client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD})
    assert response.status_code == 429


def test_admin_login_is_locked_after_repeated_failures(client):
    factories.district_admin(username="root", is_staff=True, is_superuser=True)
    for i in range(40):
        client.post(ADMIN_LOGIN, {"username": "root", "password": f"wrong-{i}", "next": "/django-admin/"})
    response = client.post(ADMIN_LOGIN, {"username": "root", "password": factories.PASSWORD,
                                         "next": "/django-admin/"})
    assert response.status_code == 429 and LOCKED_TEXT in response.content.decode()
    assert not _is_logged_in(client)


def test_token_endpoint_is_locked_and_rotating_x_forwarded_for_does_not_help(api_client):
    factories.resident(username="resident77", phone="13900000077")
    for i in range(6):
        api_client.post(TOKEN, {"username": "resident77", "password": f"wrong-{i}"},
                        HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = api_client.post(TOKEN, {"username": "resident77", "password": factories.PASSWORD},
                               HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out" and LOCKED_TEXT in body["detail"] and body["retry_after"] == 900
    assert "token" not in body
    # Counted under the real peer address, not the one the client claimed.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_token_throttle_is_keyed_on_the_peer_address_not_x_forwarded_for(api_client):
    responses = [api_client.post(TOKEN, {"username": f"nobody{i}", "password": "x"},
                                 HTTP_X_FORWARDED_FOR=f"203.0.113.{i}") for i in range(22)]
    assert [r.status_code for r in responses[:20]] == [400] * 20
    assert [r.status_code for r in responses[20:]] == [429, 429]
    assert "code" not in responses[20].json() or responses[20].json()["code"] != "locked_out"


def test_lock_ends_after_the_cool_off(client):
    factories.resident(username="resident77", phone="13900000077")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for i in range(5):
            client.post(LOGIN, {"username": "resident77", "password": f"wrong-{i}"})
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD}).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        response = client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD})
        assert response.status_code == 302 and _is_logged_in(client)


def test_someone_elsewhere_cannot_lock_a_clerk_out(client, territory):
    factories.window_staff(territory["a1"], username="clerk1")
    for i in range(10):
        client.post(LOGIN, {"username": "clerk1", "password": f"wrong-{i}"}, REMOTE_ADDR="198.51.100.7")
    response = client.post(LOGIN, {"username": "clerk1", "password": factories.PASSWORD}, REMOTE_ADDR="10.1.1.20")
    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_locked_at_the_higher_limit(client):
    factories.resident(username="resident77", phone="13900000077")
    statuses = [client.post(LOGIN, {"username": f"guess{i}", "password": "wrong-password"}).status_code
                for i in range(30)]
    assert statuses[:29] == [200] * 29 and statuses[29] == 429
    assert client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD}).status_code == 429
    other = client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD}, REMOTE_ADDR="10.2.2.2")
    assert other.status_code == 302


def test_success_clears_only_that_accounts_failures_from_that_address(client):
    factories.resident(username="resident77", phone="13900000077")
    for i in range(4):
        client.post(LOGIN, {"username": "resident77", "password": f"wrong-{i}"})
        client.post(LOGIN, {"username": "someone-else", "password": f"wrong-{i}"})
    assert client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD}).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("someone-else", 4)]


def test_failed_logins_leave_an_audit_row_without_the_password(client):
    factories.resident(username="resident77", phone="13900000077")
    for i in range(6):
        client.post(LOGIN, {"username": "resident77", "password": f"secret-guess-{i}"})
    logs = AccessFailureLog.objects.filter(username="resident77").order_by("attempt_time")
    assert logs.count() == 5  # the sixth was refused by the lock before any password was checked
    assert [log.locked_out for log in logs] == [False, False, False, False, True]
    assert all(log.ip_address == "127.0.0.1" and log.path_info == LOGIN for log in logs)
    attempt = AccessAttempt.objects.get(username="resident77")
    assert "secret-guess" not in attempt.post_data


def test_an_admin_unlocks_an_account_in_the_django_admin(client):
    factories.resident(username="resident77", phone="13900000077")
    for i in range(5):
        client.post(LOGIN, {"username": "resident77", "password": f"wrong-{i}"})
    attempt = AccessAttempt.objects.get(username="resident77")

    admin_client = client.__class__()
    admin_client.force_login(factories.district_admin(is_staff=True, is_superuser=True))
    listing = admin_client.get("/django-admin/axes/accessattempt/")
    assert listing.status_code == 200 and "resident77" in listing.content.decode()
    response = admin_client.post(f"/django-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()

    assert client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD}).status_code == 302


def test_a_portal_admin_without_django_admin_access_cannot_unlock(client, territory):
    client.force_login(factories.street_admin(territory["street_a"]))
    response = client.get("/django-admin/axes/accessattempt/")
    assert response.status_code == 302 and response.url.startswith(ADMIN_LOGIN)


def test_the_login_page_still_says_nothing_about_which_part_was_wrong_before_the_lock(client):
    factories.resident(username="resident77", phone="13900000077")
    response = client.post(reverse("users:login"), {"username": "resident77", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["手机号/用户名或密码不正确。"]


def test_an_admin_unlocks_from_the_user_list_and_the_audit_rows_stay(client):
    user = factories.resident(username="resident77", phone="13900000077")
    for i in range(5):
        client.post(LOGIN, {"username": "resident77", "password": f"wrong-{i}"}, REMOTE_ADDR="10.3.3.3")
        client.post(LOGIN, {"username": "resident77", "password": f"wrong-{i}"}, REMOTE_ADDR="10.4.4.4")
    admin_client = client.__class__()
    admin_client.force_login(factories.district_admin(is_staff=True, is_superuser=True))
    response = admin_client.post("/django-admin/users/user/", {
        "action": "unlock_logins", "_selected_action": [user.pk]}, follow=True)
    assert "已解除锁定，清除了 2 条失败登录计数" in response.content.decode()
    assert not AccessAttempt.objects.exists() and AccessFailureLog.objects.filter(username="resident77").count() == 10
    response = client.post(LOGIN, {"username": "resident77", "password": factories.PASSWORD}, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 302
