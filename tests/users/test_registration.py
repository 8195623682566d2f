"""Registration in two steps (a one-time code by SMS) that never tells whether a number is registered."""

import re

import pytest
from django.urls import reverse

from taijiang.notifications.models import Delivery, Notification
from taijiang.users.models import RegistrationCode, Role, User, phone_lookup_hash
from taijiang.users.services import CODE_ATTEMPTS, SMS_PER_NUMBER_PER_HOUR
from tests import factories

pytestmark = pytest.mark.django_db

FORM = {"display_name": "李大爷", "password1": "lotus-pond-88", "password2": "lotus-pond-88"}


def _start(client, phone, **extra):
    return client.post(reverse("users:register"), {**FORM, "phone": phone, **extra})


def _deliveries_to(phone) -> list:
    # Addresses are encrypted (no filtering on them): compare the decrypted values.
    return [d for d in Delivery.objects.filter(channel="sms").select_related("notification").order_by("pk")
            if d.address == phone]


def _sms_to(phone) -> str:
    return _deliveries_to(phone)[-1].notification.title


def _code_sent_to(phone) -> str:
    return re.search(r"\d{6}", _sms_to(phone)).group()


def test_resident_registers_with_the_code_from_the_sms_and_lands_on_home(client, territory):
    response = _start(client, "138 1234 5678", community=territory["a1"].pk, building=territory["b_g1"].pk)
    assert response.status_code == 302 and response.url == reverse("users:register_verify")
    assert not User.objects.filter(phone_hash=phone_lookup_hash("13812345678")).exists()  # not before the code
    response = client.post(reverse("users:register_verify"), {"code": _code_sent_to("13812345678")})
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(phone_hash=phone_lookup_hash("13812345678"))
    assert user.role == Role.RESIDENT and user.building == territory["b_g1"] and user.community == territory["a1"]
    assert user.phone == "13812345678" and user.check_password("lotus-pond-88")
    assert "13812345678" not in user.username  # the username is no copy of the number
    assert "李大爷" in client.get(reverse("home")).content.decode()


def test_the_code_goes_through_the_outbox_and_is_stored_only_hashed(client, territory):
    _start(client, "13812345678")
    code = _code_sent_to("13812345678")
    notification = Notification.objects.get(event="users.registration_code")
    assert notification.recipient is None and notification.deliveries.get().channel == "sms"
    pending = RegistrationCode.objects.get()
    assert code not in (pending.code_hash, pending.salt) and len(pending.code_hash) == 64
    assert pending.password != "lotus-pond-88" and pending.password.startswith(("pbkdf2", "md5", "argon2"))


def test_a_delivery_to_a_bare_number_is_sent_not_dropped(client, territory, settings):
    from taijiang.notifications.services import sweep_outbox_now

    # A provider that accepts (the logging backend marks deliveries "not sent").
    settings.SMS_BACKEND = "tests.notifications.backends.DedupingProviderSmsBackend"

    _start(client, "13812345678")
    sweep_outbox_now()
    assert [d.status for d in _deliveries_to("13812345678")] == [Delivery.Status.SENT]


def test_duplicate_registration_is_indistinguishable_from_a_new_one(client, territory):
    existing = factories.resident(username="resident77", phone="13900000077")
    existing_password = existing.password
    new_client, dup_client = client, type(client)()
    new_answer = _start(new_client, "13900000088")
    dup_answer = _start(dup_client, "13900000077")
    assert (new_answer.status_code, new_answer.url) == (dup_answer.status_code, dup_answer.url)
    new_page, dup_page = new_client.get(new_answer.url), dup_client.get(dup_answer.url)
    assert new_page.status_code == dup_page.status_code == 200
    assert [t.name for t in new_page.templates] == [t.name for t in dup_page.templates]
    new_html = new_page.content.decode().replace("139****0088", "MASKED")
    dup_html = dup_page.content.decode().replace("139****0077", "MASKED")
    strip = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')  # per-session tokens
    assert strip.sub("", new_html) == strip.sub("", dup_html)
    assert "验证码已发送至 MASKED" in dup_html
    # A guessed code answers exactly like a wrong code for a new number.
    new_wrong = new_client.post(reverse("users:register_verify"), {"code": "000000"})
    dup_wrong = dup_client.post(reverse("users:register_verify"), {"code": _code_sent_to("13900000088")})
    assert new_wrong.status_code == dup_wrong.status_code == 200
    assert new_wrong.context["form"].errors == dup_wrong.context["form"].errors == {
        "code": ["验证码不正确，请核对短信中的 6 位数字。"]}
    # Only the owner of the phone learns it is registered, from the SMS; the account is untouched.
    assert "已注册" in _sms_to("13900000077") and not re.search(r"\d{6}", _sms_to("13900000077"))
    existing.refresh_from_db()
    assert existing.password == existing_password and existing.display_name != "李大爷"
    assert User.objects.filter(phone_hash=phone_lookup_hash("13900000077")).count() == 1


def test_wrong_codes_are_limited_then_even_the_right_code_is_refused(client, territory):
    _start(client, "13812345678")
    code = _code_sent_to("13812345678")
    for _attempt in range(CODE_ATTEMPTS):
        client.post(reverse("users:register_verify"), {"code": "999999" if code != "999999" else "888888"})
    response = client.post(reverse("users:register_verify"), {"code": code})
    assert response.context["form"].errors["code"] == ["验证码错误次数过多，请重新注册获取新的验证码。"]
    assert not User.objects.filter(phone_hash=phone_lookup_hash("13812345678")).exists()


def test_an_expired_code_is_refused(client, territory):
    import datetime

    from django.utils import timezone

    _start(client, "13812345678")
    code = _code_sent_to("13812345678")
    RegistrationCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(reverse("users:register_verify"), {"code": code})
    assert response.context["form"].errors["code"] == ["验证码已过期，请重新注册获取新的验证码。"]


def test_a_malformed_code_is_a_field_error(client, territory):
    _start(client, "13812345678")
    response = client.post(reverse("users:register_verify"), {"code": "12ab"})
    assert response.status_code == 200 and response.context["form"].errors["code"]


def test_verify_page_without_a_pending_registration_goes_back_to_the_form(client):
    response = client.get(reverse("users:register_verify"))
    assert response.status_code == 302 and response.url == reverse("users:register")


def test_sms_to_one_number_are_capped_and_the_page_still_answers_the_same(client, territory):
    for _i in range(SMS_PER_NUMBER_PER_HOUR + 2):
        response = _start(client, "13812345678")
        assert response.status_code == 302 and response.url == reverse("users:register_verify")
    assert len(_deliveries_to("13812345678")) == SMS_PER_NUMBER_PER_HOUR


def test_a_code_used_once_cannot_register_twice(client, territory):
    _start(client, "13812345678")
    code = _code_sent_to("13812345678")
    client.post(reverse("users:register_verify"), {"code": code})
    client.logout()
    response = client.get(reverse("users:register_verify"))
    assert response.status_code == 302 and response.url == reverse("users:register")


def test_debug_shows_the_sms_on_the_page_for_the_demo(client, territory, settings):
    settings.DEBUG = True
    response = client.get(_start(client, "13812345678").url)
    html = response.content.decode()
    assert _code_sent_to("13812345678") in html and "taijiang.sms" in html


def test_without_debug_the_code_is_not_on_the_page(client, territory):
    response = client.get(_start(client, "13812345678").url)
    assert _code_sent_to("13812345678") not in response.content.decode()
