"""SMS in production: a deploy check for an unconfigured backend, "not sent" instead of a false
"sent", and an idempotency key per delivery that lets the provider drop a re-send."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.checks import Error, Info
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from taijiang.notifications.checks import check_sms_backend
from taijiang.notifications.models import Delivery
from taijiang.notifications.services import notify, retry_delivery, sweep_outbox_now
from tests import factories

from .backends import WorkerKilled

HTTP = "taijiang.notifications.channels.HttpSmsBackend"


@pytest.fixture
def production(settings):
    settings.PRODUCTION = True
    settings.SMS_DISABLED = False
    settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = "", ""
    return settings


def _ids(messages):
    return [(type(m), m.id) for m in messages]


# --- the deploy check -------------------------------------------------------------------

@pytest.mark.parametrize(("backend", "expected"), [
    ("", "notifications.E001"),
    ("taijiang.notifications.channels.LoggingSmsBackend", "notifications.E003"),
    ("taijiang.notifications.nowhere.Backend", "notifications.E002"),
    (HTTP, "notifications.E004"),
])
def test_deploy_check_errors_on_an_sms_backend_that_sends_nothing(production, backend, expected):
    production.SMS_BACKEND = backend
    errors = check_sms_backend()
    assert errors and {(type(e), e.id) for e in errors} == {(Error, expected)}
    assert "SMS_DISABLED" in errors[0].hint


def test_deploy_check_is_run_by_check_deploy(production):
    production.SMS_BACKEND = ""
    with pytest.raises(SystemCheckError, match="notifications.E001"):
        call_command("check", deploy=True, fail_level="ERROR")


def test_http_gateway_needs_https_url_and_token(production):
    production.SMS_BACKEND = HTTP
    production.SMS_HTTP_URL = "http://sms.example/send"
    assert [e.msg for e in check_sms_backend()] == [
        f"{HTTP}: SMS_HTTP_URL must be the gateway's https:// address", f"{HTTP}: SMS_HTTP_TOKEN must be set"]
    production.SMS_HTTP_URL, production.SMS_HTTP_TOKEN = "https://sms.example/send", "secret"
    assert check_sms_backend() == []


def test_sms_disabled_on_purpose_passes_the_check_with_a_note(production):
    production.SMS_DISABLED = True
    production.SMS_BACKEND = "taijiang.notifications.channels.DisabledSmsBackend"
    assert _ids(check_sms_backend()) == [(Info, "notifications.I001")]


def test_development_needs_no_provider(settings):
    settings.PRODUCTION = False
    settings.SMS_BACKEND = "taijiang.notifications.channels.LoggingSmsBackend"
    assert check_sms_backend() == []


# --- "not sent" -------------------------------------------------------------------------

def _pending(phone="13900005555"):
    """An SMS delivery left pending: outside a committed transaction the after-commit push never runs."""
    notification = notify(recipient=factories.resident(phone=phone), event="notifications.test",
                          context={"text": "x"})
    return notification.deliveries.get()


@pytest.mark.django_db
@pytest.mark.parametrize(("backend", "reason"), [
    ("taijiang.notifications.channels.LoggingSmsBackend", "未配置短信服务商"),
    ("taijiang.notifications.channels.DisabledSmsBackend", "短信功能已停用"),
    ("", "未配置 SMS_BACKEND"),
])
def test_a_backend_that_sends_nothing_marks_the_delivery_not_sent_once(settings, backend, reason):
    settings.SMS_BACKEND = backend
    delivery = _pending()
    assert sweep_outbox_now() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.NOT_SENT and delivery.sent_at is None
    assert reason in delivery.last_error and delivery.attempts == 1
    assert sweep_outbox_now() == 0  # final: no retry loop


@pytest.mark.django_db
def test_admins_see_not_sent_deliveries_and_may_retry_them(client, settings, territory, provider):
    settings.SMS_BACKEND = "taijiang.notifications.channels.DisabledSmsBackend"
    delivery = _pending()
    delivery.notification.recipient.community = territory["a1"]
    delivery.notification.recipient.save()
    sweep_outbox_now()
    client.force_login(factories.community_admin(territory["a1"]))
    page = client.get(reverse("notifications:problems")).content.decode()
    assert "未发送" in page and "短信功能已停用" in page
    settings.SMS_BACKEND = "tests.notifications.backends.DedupingProviderSmsBackend"  # a provider now
    retry_delivery(actor=factories.district_admin(), delivery_id=delivery.pk)
    sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and provider.phones == [("13900005555", "【台江社区】测试通知")]


# --- idempotency keys -------------------------------------------------------------------

@pytest.mark.django_db
def test_every_delivery_has_its_own_key_passed_to_the_backend(provider):
    first, second = _pending("13900000001"), _pending("13900000002")
    assert first.idempotency_key and first.idempotency_key != second.idempotency_key
    sweep_outbox_now()
    assert sorted(provider.calls) == sorted([str(first.idempotency_key), str(second.idempotency_key)])


@pytest.mark.django_db
def test_a_retry_after_a_failure_carries_the_same_key(provider, monkeypatch, time_machine):
    import datetime

    from django.utils import timezone

    delivery = _pending()
    keys = []

    def refuse(self, *, delivery, notification, idempotency_key):
        keys.append(idempotency_key)
        raise ConnectionError("gateway timeout")

    monkeypatch.setattr(provider, "send", refuse)
    sweep_outbox_now()
    monkeypatch.undo()
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert keys == provider.calls == [str(delivery.idempotency_key)]


@pytest.mark.django_db(transaction=True)
def test_worker_killed_after_the_provider_accepted_does_not_send_twice(provider, monkeypatch):
    from taijiang.notifications import services

    monkeypatch.setattr(services, "_deliver_after_commit", lambda *args: None)
    delivery = _pending("13900007777")
    provider.die_after_accept = True
    with pytest.raises(WorkerKilled):
        sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0  # our commit never happened
    assert sweep_outbox_now() == 1  # the next worker sends the row again…
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert provider.calls == [str(delivery.idempotency_key)] * 2
    assert provider.phones == [("13900007777", "【台江社区】测试通知")]  # …and the provider dropped the copy


# --- the HTTP gateway adapter -----------------------------------------------------------

class _Gateway(BaseHTTPRequestHandler):
    """A gateway on localhost that remembers keys: 202 for a new one, 409 for one it has seen."""

    seen: list = []
    broken = False  # answer 500 to everything

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers["Idempotency-Key"]
        duplicate = key in [k for k, _ in _Gateway.seen]
        _Gateway.seen.append((key, body))
        self.send_response(500 if _Gateway.broken else 409 if duplicate else 202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    _Gateway.seen, _Gateway.broken = [], False
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = HTTP
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_HTTP_TOKEN = "t"
    yield _Gateway
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_http_gateway_gets_the_key_and_a_duplicate_answer_counts_as_sent(gateway):
    first = _pending("13900008888")
    sweep_outbox_now()
    first.refresh_from_db()
    key = str(first.idempotency_key)
    assert first.status == Delivery.Status.SENT
    assert gateway.seen == [(key, {"to": "13900008888", "text": "【台江社区】测试通知", "idempotency_key": key})]
    # The same row again (as after a worker died): the gateway answers 409, the row is sent, not failed.
    Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.PENDING, sent_at=None)
    sweep_outbox_now()
    first.refresh_from_db()
    assert first.status == Delivery.Status.SENT and first.last_error == "" and len(gateway.seen) == 2


@pytest.mark.django_db
def test_http_gateway_refusal_is_retried_later(gateway):
    gateway.broken = True
    delivery = _pending()
    sweep_outbox_now()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and "SMS gateway answered 500" in delivery.last_error
    assert delivery.attempts == 1 and delivery.next_attempt_at > delivery.created_at
