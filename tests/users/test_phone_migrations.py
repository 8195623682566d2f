"""The migrations that encrypt User.phone and Appeal.contact_phone convert rows already stored.

Each test rolls its app back to the state before the data migration (plaintext column plus the new
empty ones), writes rows the old way, and migrates forward to the latest state.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from taijiang.core.crypto import lookup_hash

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest(app):
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == app]


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_user_phones_are_encrypted_by_the_migration_and_login_by_phone_still_works(client):
    old = _migrate([("users", "0001_user_roles_and_scope")])
    User = old.get_model("users", "User")
    from django.contrib.auth.hashers import make_password

    resident = User.objects.create(username="r13900000077", phone="13900000077", role="resident",
                                   password=make_password("lotus-pond-88"))
    staff = User.objects.create(username="clerk", phone=None, role="district_admin", password="!")
    _migrate(_latest("users"))

    (phone, phone_hash, username), = _raw("SELECT phone, phone_hash, username FROM users_user WHERE id = %s",
                                          [resident.pk])
    assert "13900000077" not in phone and phone_hash == lookup_hash("13900000077")
    assert username != "r13900000077" and "13900000077" not in username
    assert _raw("SELECT phone, phone_hash FROM users_user WHERE id = %s", [staff.pk]) == [("", None)]
    response = client.post("/accounts/login/", {"username": "139 0000 0077", "password": "lotus-pond-88"})
    assert response.status_code == 302
    token = client.post("/api/v1/auth/token/", {"username": "13900000077", "password": "lotus-pond-88"})
    assert token.status_code == 200 and token.json()["token"]


def test_user_phone_migration_reverses(client):
    old = _migrate([("users", "0001_user_roles_and_scope")])
    old.get_model("users", "User").objects.create(username="r1", phone="13900000077", role="resident")
    _migrate(_latest("users"))
    _migrate([("users", "0001_user_roles_and_scope")])
    assert _raw("SELECT phone FROM users_user WHERE username = %s", ["r1"]) == [("13900000077",)]
    _migrate(_latest("users"))


def test_appeal_contact_phones_are_encrypted_by_the_migration():
    old = _migrate([("appeals", "0001_appeals_initial")])
    Appeal = old.get_model("appeals", "Appeal")
    with_phone = Appeal.objects.create(number="YSS-20260101-0001", level="district", contact_phone="139 1234 5678")
    without = Appeal.objects.create(number="YSS-20260101-0002", level="district")
    _migrate(_latest("appeals"))

    from appeals.models import Appeal as Current

    (stored, digest), = _raw("SELECT contact_phone, contact_phone_hash FROM appeals_appeal WHERE id = %s",
                             [with_phone.pk])
    assert "1234" not in stored and digest == lookup_hash("13912345678")
    assert Current.objects.get(pk=with_phone.pk).contact_phone == "139 1234 5678"
    assert Current.objects.filter(contact_phone_hash=lookup_hash("13912345678")).get().pk == with_phone.pk
    assert _raw("SELECT contact_phone, contact_phone_hash FROM appeals_appeal WHERE id = %s",
                [without.pk]) == [("", "")]


def test_outbox_addresses_are_encrypted_by_the_migration():
    old = _migrate([("notifications", "0001_notification_outbox")])
    Notification = old.get_model("notifications", "Notification")
    Delivery = old.get_model("notifications", "Delivery")
    notification = Notification.objects.create(event="notifications.test", title="t")
    delivery = Delivery.objects.create(notification=notification, channel="sms", address="13900000077")
    _migrate(_latest("notifications"))

    from taijiang.notifications.models import Delivery as Current

    (stored,), = _raw("SELECT address FROM notifications_delivery WHERE id = %s", [delivery.pk])
    assert "13900000077" not in stored and Current.objects.get(pk=delivery.pk).address == "13900000077"
