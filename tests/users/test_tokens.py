"""API tokens (django-rest-knox): hashed at rest, expiring, refreshed by use, ended by logout."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident():
    return factories.resident(username="resident77", phone="13900000077")


def _token(username="resident77") -> str:
    response = APIClient().post(TOKEN, {"username": username, "password": factories.PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(ME)


def test_token_answer_keeps_its_request_shape_and_says_when_it_expires(api_client, resident):
    before = timezone.now()
    response = api_client.post(TOKEN, {"username": "139 0000 0077", "password": factories.PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    expiry = datetime.datetime.fromisoformat(body["expiry"])
    assert datetime.timedelta(hours=9, minutes=59) < expiry - before <= datetime.timedelta(hours=10, minutes=1)
    assert _me(body["token"]).json()["username"] == "resident77"


def test_tokens_are_stored_hashed(resident):
    token = _token()
    row = AuthToken.objects.get(user=resident)
    stored = " ".join(str(value) for value in AuthToken.objects.values_list("digest", "token_key", "expiry").get())
    assert token not in stored and len(row.digest) == 128
    # Only a short lookup prefix is kept in clear, not enough to authenticate.
    assert token.startswith(row.token_key) and len(row.token_key) == 15
    assert _me(row.token_key).status_code == 401


def test_a_token_expires_ten_hours_after_its_last_use(resident):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = _token()
    with time_machine.travel(start + datetime.timedelta(hours=9), tick=False):
        assert _me(token).status_code == 200  # use pushes the expiry on
    with time_machine.travel(start + datetime.timedelta(hours=18), tick=False):
        assert _me(token).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=28, minutes=1), tick=False):
        response = _me(token)
        assert response.status_code == 401 and response.json()["detail"]
    assert not AuthToken.objects.exists()  # an expired token is deleted when it is presented


def test_refreshing_by_use_stops_at_the_maximum_age(resident, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "AUTO_REFRESH_MAX_TTL": datetime.timedelta(hours=20)}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = _token()
    for hours in (9, 18):
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            assert _me(token).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=20, minutes=1), tick=False):
        assert _me(token).status_code == 401  # used two hours ago, but issued more than the maximum ago


def test_logout_deletes_only_the_token_it_was_made_with(resident):
    phone_token, tablet_token = _token(), _token()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {phone_token}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert _me(phone_token).status_code == 401
    assert _me(tablet_token).status_code == 200


def test_logout_all_deletes_every_token_of_the_account(resident):
    phone_token, tablet_token = _token(), _token()
    other = factories.resident(username="neighbour", phone="13900000078")
    neighbour_token = _token("neighbour")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {phone_token}")
    assert client.post("/api/v1/auth/logout-all/").status_code == 204
    assert _me(phone_token).status_code == 401 and _me(tablet_token).status_code == 401
    assert _me(neighbour_token).status_code == 200 and AuthToken.objects.filter(user=other).count() == 1


def test_logout_needs_a_token(api_client, resident):
    api_client.force_login(resident)  # a browser session is not a token to delete
    response = api_client.post("/api/v1/auth/logout/")
    assert response.status_code in (401, 403) and response.json()["detail"]


def test_an_old_drf_authtoken_key_is_no_longer_accepted(resident):
    response = _me("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")  # the 40-hex shape of rest_framework.authtoken
    assert response.status_code == 401 and response.json()["detail"]


def test_a_deactivated_account_loses_its_tokens(resident):
    token = _token()
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    assert _me(token).status_code == 401


def test_a_token_of_an_account_that_must_change_its_password_is_refused_with_a_reason(resident):
    token = _token()
    resident.must_change_password = True
    resident.save(update_fields=["must_change_password"])
    response = _me(token)
    assert response.status_code == 403
    assert response.json() == {"detail": "请先登录网站修改初始密码，再使用此应用。", "code": "password_change_required"}


def test_session_authentication_still_works_for_the_api(api_client, resident):
    api_client.force_login(resident)
    assert api_client.get(ME).json()["username"] == "resident77"
