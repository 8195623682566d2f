"""Rate limits that one person cannot turn against everyone: per account, per trusted client address,
per Open311 key; configured in settings.RATE_LIMITS."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from appeals.defaults import ensure_categories
from appeals.models import ApiKey, Appeal
from taijiang.core import ratelimit
from taijiang.core.http import client_ip
from taijiang.users.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the reverse proxy: every request reaches gunicorn from it


def _request(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- the client address -------------------------------------------------------------------

def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@pytest.mark.parametrize(("forwarded", "expected"), [
    ("198.51.100.20", "198.51.100.20"),  # nginx appended the address it saw
    ("1.2.3.4, 198.51.100.20", "198.51.100.20"),  # what the client wrote itself is ignored
    ("evil, 198.51.100.20", "198.51.100.20"),
    ("", PROXY),  # did not pass through the proxy: the connecting address
    ("198.51.100.20, not-an-address", PROXY),
])
def test_with_one_trusted_proxy_the_address_it_saw_is_used(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(PROXY, forwarded)) == expected


def test_with_two_trusted_proxies_the_second_address_from_the_right_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(PROXY, "1.2.3.4, 198.51.100.20, 10.0.0.2")) == "198.51.100.20"
    assert client_ip(_request(PROXY, "198.51.100.20")) == PROXY  # fewer addresses than proxies


def test_ipv6_clients_are_counted_by_their_64_prefix(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = ratelimit.address_key(_request("2001:db8:1:2:aaaa::1"))
    assert one == ratelimit.address_key(_request("2001:db8:1:2:bbbb::9")) == "ip:2001:db8:1:2::"
    assert one != ratelimit.address_key(_request("2001:db8:1:3::1"))


# --- configuration ------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [("10/h", (10, 3600)), ("6/10m", (6, 600)), ("20/min", (20, 60)),
                                               ("3/d", (3, 86400))])
def test_rates_are_read_from_settings_at_each_call(settings, raw, expected):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": raw}
    assert ratelimit.rate_of("appeal_submit") == expected


@pytest.mark.parametrize("raw", ["ten per hour", "10/", "10/0m", ""])
def test_a_malformed_or_missing_rate_is_a_configuration_error(settings, raw):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": raw}
    with pytest.raises(ImproperlyConfigured, match="appeal_submit"):
        ratelimit.rate_of("appeal_submit")
    with pytest.raises(ImproperlyConfigured, match="no limit named"):
        ratelimit.rate_of("nonexistent")


def test_every_default_rate_is_well_formed(settings):
    for name in settings.RATE_LIMITS:
        count, seconds = ratelimit.rate_of(name)
        assert count > 0 and seconds > 0


# --- appeals: per account -----------------------------------------------------------------

def test_two_residents_behind_the_same_proxy_do_not_block_each_other(api_client, territory, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "2/h"}
    first = factories.resident(community=territory["a1"], building=territory["b_g1"])
    second = factories.resident(community=territory["a1"], building=territory["b_g1"])
    same_place = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    api_client.force_authenticate(first)
    for text in ("一", "二"):
        assert api_client.post("/api/v1/appeals/", {"text": text}, format="json", **same_place).status_code == 201
    refused = api_client.post("/api/v1/appeals/", {"text": "三"}, format="json", **same_place)
    assert refused.status_code == 429 and "提交过于频繁" in refused.json()["detail"]
    assert int(refused["Retry-After"]) >= 1
    api_client.force_authenticate(second)
    assert api_client.post("/api/v1/appeals/", {"text": "四"}, format="json", **same_place).status_code == 201
    assert Appeal.objects.filter(submitter=second).count() == 1


def test_page_submissions_are_counted_per_account(client, territory, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "1/h"}
    first = factories.resident(community=territory["a1"], building=territory["b_g1"])
    second = factories.resident(community=territory["a1"], building=territory["b_g1"])
    client.force_login(first)
    assert client.post(reverse("appeals:submit"), {"text": "一", "contact_preference": "inapp"}).status_code == 302
    refused = client.post(reverse("appeals:submit"), {"text": "二", "contact_preference": "inapp"})
    assert refused.status_code == 429 and "每 60 分钟最多提交 1 条诉求" in refused.content.decode()
    client.force_login(second)
    assert client.post(reverse("appeals:submit"), {"text": "三", "contact_preference": "inapp"}).status_code == 302


# --- the API token endpoint: per client address ------------------------------------------

def _token(api_client, **extra):
    return api_client.post("/api/v1/auth/token/", {"username": "nobody", "password": "wrong-password"},
                           format="json", **extra)


def test_rotating_a_spoofed_forwarded_header_does_not_escape_the_token_limit(api_client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_login": "3/m"}
    for n in range(3):
        assert _token(api_client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}").status_code == 400
    refused = _token(api_client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.99")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert _token(api_client, REMOTE_ADDR="203.0.113.8").status_code == 400  # another client is not affected


def test_behind_one_proxy_the_token_limit_follows_the_real_client(api_client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_login": "2/m"}
    for spoof in ("1.1.1.1", "2.2.2.2"):
        response = _token(api_client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{spoof}, 198.51.100.20")
        assert response.status_code == 400
    assert _token(api_client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="3.3.3.3, 198.51.100.20").status_code == 429
    # a neighbour behind the same proxy still gets an answer
    assert _token(api_client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.21").status_code == 400


# --- registration: per client address ----------------------------------------------------

def _register(client, n, **extra):
    return client.post(reverse("users:register"), {
        "display_name": f"居民{n}", "phone": f"1381234{n:04d}", "password1": "lotus-pond-88",
        "password2": "lotus-pond-88"}, **extra)


def test_registration_is_limited_per_address(client, territory, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/h"}
    for n in range(2):
        assert _register(client, n, REMOTE_ADDR="203.0.113.7").status_code == 302
        client.logout()
    refused = _register(client, 2, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    page = refused.content.decode()
    assert "操作过于频繁" in page and "每 60 分钟最多 2 次" in page
    assert not User.objects.filter(display_name="居民2").exists()
    assert _register(client, 3, REMOTE_ADDR="203.0.113.8").status_code == 302
    # Opening the form is not counted.
    assert client.get(reverse("users:register"), REMOTE_ADDR="203.0.113.7").status_code == 200


def test_registration_limit_uses_the_trusted_proxy_address(client, territory, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "1/h"}
    assert _register(client, 0, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302
    client.logout()
    spoofed = _register(client, 1, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.20")
    assert spoofed.status_code == 429
    assert _register(client, 2, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.21").status_code == 302


# --- Open311: per API key -----------------------------------------------------------------

def _key(name):
    raw = ApiKey.generate()
    key = ApiKey(system_name=name)
    key.set_key(raw)
    key.save()
    return raw


def _file(client, raw, fmt="json"):
    return client.post(f"/open311/v2/requests.{fmt}", {
        "api_key": raw, "service_code": "noise", "address_string": "台江区2号楼楼下", "description": "夜里施工很吵"})


def test_open311_filings_are_limited_per_api_key_with_retry_after(client, territory, settings):
    ensure_categories()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_write": "2/h"}
    hotline, other = _key("12345热线"), _key("网格通")
    assert [_file(client, hotline).status_code for _ in range(2)] == [201, 201]
    refused = _file(client, hotline)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    body = refused.json()
    assert body[0]["code"] == 429 and "请求过于频繁" in body[0]["description"]
    assert _file(client, hotline, fmt="xml").status_code == 429  # the answer in the format asked for
    assert Appeal.objects.filter(channel_system="12345热线").count() == 2
    assert _file(client, other).status_code == 201  # another system is not affected


def test_open311_reads_are_limited_per_api_key_and_per_address_without_one(client, territory, settings):
    ensure_categories()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_read": "2/h"}
    hotline = _key("12345热线")
    for _ in range(2):
        assert client.get("/open311/v2/requests.json", {"api_key": hotline}).status_code == 200
    refused = client.get("/open311/v2/requests.json", {"api_key": hotline})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert client.get("/open311/v2/requests/YSS-1.json", {"api_key": hotline}).status_code == 429
    # The public (no key) reads count per address, apart from the key's.
    assert client.get("/open311/v2/requests.json", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get("/open311/v2/requests/YSS-1.json", REMOTE_ADDR="203.0.113.7").status_code == 404
    assert client.get("/open311/v2/requests.json", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get("/open311/v2/requests.json", REMOTE_ADDR="203.0.113.8").status_code == 200


# --- failing open -------------------------------------------------------------------------

def test_a_cache_error_lets_the_request_through_logged_and_counted(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("django.core.cache.cache.add", broken)
    before = ratelimit.cache_failures()["count"]
    assert ratelimit.hit("register", "ip:203.0.113.7") is None
    ratelimit.enforce("appeal_submit", "user:1", message="%(n)d")  # does not raise
    after = ratelimit.cache_failures()
    assert after["count"] == before + 2 and "ConnectionError: cache down" in after["last_error"]
    assert caplog.text.count("not enforced (fail open)") == 2
