"""Account phones are encrypted at rest; the keyed hash finds them and keeps them unique."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from taijiang.core.crypto import lookup_hash
from taijiang.users.models import Role, User, phone_lookup_hash
from tests import factories

pytestmark = pytest.mark.django_db


def _raw_row(user) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash, username FROM users_user WHERE id = %s", [user.pk])
        return cursor.fetchone()


def test_the_phone_column_holds_no_plaintext(territory):
    user = factories.resident(phone="13900000077")
    phone, phone_hash, username = _raw_row(user)
    assert "13900000077" not in phone and phone.startswith("gAAAA")  # a Fernet token
    assert phone_hash == lookup_hash("13900000077") and "13900000077" not in username
    assert User.objects.get(pk=user.pk).phone == "13900000077"


def test_an_account_without_phone_has_no_hash_and_many_may_exist(territory):
    first = factories.window_staff(territory["a1"], phone="")
    second = factories.window_staff(territory["a1"], phone="")
    assert _raw_row(first)[:2] == ("", None) and _raw_row(second)[:2] == ("", None)


def test_the_database_keeps_one_account_per_phone(territory):
    factories.resident(phone="13900000077")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.resident(phone="139 0000 0077".replace(" ", ""))


def test_changing_the_phone_with_update_fields_moves_the_hash(territory):
    user = factories.resident(phone="13900000077")
    user.phone = "13900000078"
    user.save(update_fields=["phone"])
    assert User.objects.get(phone_hash=phone_lookup_hash("13900000078")).pk == user.pk
    assert not User.objects.filter(phone_hash=phone_lookup_hash("13900000077")).exists()


def test_sms_notifications_go_to_the_decrypted_number(territory):
    from taijiang.notifications.models import Delivery
    from taijiang.notifications.services import notify

    user = factories.resident(phone="13900000077")
    notify(recipient=user, event="notifications.test", context={"text": "x"})
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.address == "13900000077"
    with connection.cursor() as cursor:  # the outbox keeps no plaintext copy of the number
        cursor.execute("SELECT address FROM notifications_delivery WHERE id = %s", [delivery.pk])
        assert "13900000077" not in cursor.fetchone()[0]


def test_staff_created_with_a_taken_phone_gets_a_field_error(territory):
    from taijiang.users.services import staff_create

    factories.resident(phone="13900000077")
    admin_user = factories.community_admin(territory["a1"])
    with pytest.raises(ValidationError) as info:
        staff_create(actor=admin_user, username="w9", password="x-long-password-1", role=Role.WINDOW_STAFF,
                     community=territory["a1"], phone="13900000077")
    assert info.value.message_dict["phone"] == ["该手机号已被其他账号使用。"]
    created = staff_create(actor=admin_user, username="w9", password="x-long-password-1", role=Role.WINDOW_STAFF,
                           community=territory["a1"], phone="13900000079")
    assert User.objects.get(phone_hash=phone_lookup_hash("13900000079")) == created


def test_staff_page_shows_phones_masked(client, territory):
    admin_user = factories.community_admin(territory["a1"])
    factories.window_staff(territory["a1"], phone="13900000079", display_name="窗口乙")
    client.force_login(admin_user)
    html = client.get(reverse("users:staff_list")).content.decode()
    assert "139****0079" in html and "13900000079" not in html


def test_admin_finds_an_account_by_full_phone_through_the_hash(territory):
    target = factories.resident(phone="13900000077", display_name="甲")
    factories.resident(phone="13900000078", display_name="乙")
    model_admin = admin.site._registry[User]
    request = RequestFactory().get("/")
    found, _distinct = model_admin.get_search_results(request, User.objects.all(), "139 0000 0077")
    assert list(found) == [target]
    found, _distinct = model_admin.get_search_results(request, User.objects.all(), "甲")
    assert target in found


def test_admin_form_refuses_a_taken_phone_instead_of_a_500(territory):
    from taijiang.users.admin import PortalUserChangeForm

    factories.resident(phone="13900000077")
    other = factories.resident(phone="13900000078")
    data = {"username": other.username, "role": other.role, "language": "zh-hans", "phone": "13900000077",
            "date_joined": "2026-01-01 00:00:00", "display_name": ""}
    form = PortalUserChangeForm(data, instance=other)
    assert not form.is_valid() and form.errors["phone"] == ["该手机号已被其他账号使用。"]


def test_key_rotation_covers_account_and_contact_phones(client, territory, settings):
    import io

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from appeals.models import Appeal

    user = factories.resident(phone="13900000077")
    appeal = Appeal.objects.create(number="YSS-20260101-0001", level="district", contact_phone="13912345678")
    before = _raw_row(user)[0]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    settings.LOOKUP_HASH_KEY = "a-new-lookup-key"
    out = io.StringIO()
    call_command("rotate_personal_data", "--rehash", stdout=out)
    assert "re-encrypted 1 users and recomputed lookup hashes" in out.getvalue()
    assert "re-encrypted 1 appeals" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # only the new key now
    assert _raw_row(user)[0] != before and User.objects.get(pk=user.pk).phone == "13900000077"
    assert Appeal.objects.get(pk=appeal.pk).contact_phone == "13912345678"
    assert Appeal.objects.get(pk=appeal.pk).contact_phone_hash == lookup_hash("13912345678")  # the new key's
    response = client.post(reverse("users:login"), {"username": "13900000077", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_the_logging_sms_backend_writes_the_number_masked(territory, caplog):
    from taijiang.notifications.services import notify, sweep_outbox_now

    user = factories.resident(phone="13900000077")
    notify(recipient=user, event="notifications.test", context={"text": "x"})
    with caplog.at_level("INFO", logger="taijiang.sms"):
        sweep_outbox_now()
    assert "SMS to 139****0077" in caplog.text and "13900000077" not in caplog.text
