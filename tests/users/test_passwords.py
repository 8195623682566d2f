"""Password validators everywhere a password is set; the password-change page; forced change."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from knox.models import AuthToken

from taijiang.users.models import Role, User
from taijiang.users.services import staff_create
from tests import factories

pytestmark = pytest.mark.django_db

WEAK_MESSAGES = ["这个密码太常见了。", "密码只包含数字。"]
NEW_PASSWORD = "river-lantern-2024"


def _can_log_in(username, password) -> bool:
    request = RequestFactory().post("/accounts/login/")  # axes needs the request to count the try
    return authenticate(request, username=username, password=password) is not None


def _staff_payload(territory, **overrides):
    return {"username": "gw-new", "display_name": "新网格员", "role": "grid_worker", "community": territory["a1"].pk,
            "grids": [territory["g1"].pk], "password": "first-login-pass", **overrides}


# --- validators wherever a password is set ---------------------------------------------------

def test_staff_creation_page_refuses_12345678_with_chinese_messages(client, territory):
    client.force_login(factories.community_admin(territory["a1"]))
    response = client.post(reverse("users:staff_create"), _staff_payload(territory, password="12345678"))
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == WEAK_MESSAGES
    assert not User.objects.filter(username="gw-new").exists()


def test_staff_create_service_refuses_a_password_like_the_username(territory):
    admin = factories.community_admin(territory["a1"])
    with pytest.raises(ValidationError) as exc:
        staff_create(actor=admin, username="chenxiaoming", password="chenxiaoming1", role=Role.WINDOW_STAFF,
                     display_name="陈小明", community=territory["a1"])
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="chenxiaoming").exists()


def test_django_admin_refuses_12345678_when_adding_a_user(client):
    client.force_login(factories.district_admin(is_staff=True, is_superuser=True))
    response = client.post("/django-admin/users/user/add/", {
        "username": "weak-staff", "password1": "12345678", "password2": "12345678", "usable_password": "true"})
    assert response.status_code == 200 and "这个密码太常见了" in response.content.decode()
    assert not User.objects.filter(username="weak-staff").exists()


def test_django_admin_refuses_12345678_when_setting_a_password(client):
    target = factories.resident()
    client.force_login(factories.district_admin(is_staff=True, is_superuser=True))
    response = client.post(f"/django-admin/users/user/{target.pk}/password/", {
        "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200 and "这个密码太常见了" in response.content.decode()
    assert _can_log_in(target.username, factories.PASSWORD)


def test_password_change_page_refuses_12345678(client):
    user = factories.resident()
    client.force_login(user)
    response = client.post(reverse("users:password_change"), {
        "old_password": factories.PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200 and response.context["form"].errors["new_password2"] == WEAK_MESSAGES


# --- accounts an admin created must change their password ------------------------------------

def test_an_account_created_through_the_staff_page_must_change_its_password_first(client, territory):
    admin_client = client.__class__()
    admin_client.force_login(factories.community_admin(territory["a1"]))
    admin_client.post(reverse("users:staff_create"), _staff_payload(territory))
    assert User.objects.get(username="gw-new").must_change_password

    login = client.post(reverse("users:login"), {"username": "gw-new", "password": "first-login-pass"})
    assert login.status_code == 302
    for path in ["/", "/grid/", reverse("users:profile"), "/notifications/"]:
        response = client.get(path)
        assert response.status_code == 302 and response.url == reverse("users:password_change"), path
    page = client.get(reverse("users:password_change"))
    assert page.status_code == 200 and "您的密码由管理员设置" in page.content.decode()
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    assert client.get("/healthz").status_code in (200, 503)

    response = client.post(reverse("users:password_change"), {
        "old_password": "first-login-pass", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("users:profile")
    assert not User.objects.get(username="gw-new").must_change_password
    assert client.get("/").status_code == 200  # let go, and still logged in
    assert client.get("/api/v1/me/").json()["username"] == "gw-new"


def test_a_forced_accounts_htmx_requests_are_refused_rather_than_redirected(client, territory):
    client.force_login(factories.window_staff(territory["a1"], must_change_password=True))
    response = client.get("/notifications/badge/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and "请先登录网站修改初始密码" in response.content.decode()


def test_a_forced_account_may_still_log_out(client, territory):
    client.force_login(factories.window_staff(territory["a1"], must_change_password=True))
    response = client.post(reverse("users:logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_the_token_endpoint_refuses_a_forced_account_with_a_readable_403(api_client, territory):
    factories.window_staff(territory["a1"], username="clerk9", must_change_password=True)
    response = api_client.post("/api/v1/auth/token/", {"username": "clerk9", "password": factories.PASSWORD})
    assert response.status_code == 403
    assert response.json() == {"detail": "请先登录网站修改初始密码，再使用此应用。", "code": "password_change_required"}
    assert not AuthToken.objects.exists()


def test_an_account_added_or_reset_in_the_django_admin_must_change_its_password(client):
    client.force_login(factories.district_admin(is_staff=True, is_superuser=True))
    client.post("/django-admin/users/user/add/", {
        "username": "new-clerk", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert User.objects.get(username="new-clerk").must_change_password

    target = factories.resident()
    AuthToken.objects.create(user=target)
    response = client.post(f"/django-admin/users/user/{target.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.must_change_password and not AuthToken.objects.filter(user=target).exists()


def test_residents_who_register_themselves_are_not_forced(client, territory):
    from taijiang.users.models import phone_lookup_hash

    from .test_registration import _code_sent_to, _start

    _start(client, "13812345678")
    client.post(reverse("users:register_verify"), {"code": _code_sent_to("13812345678")})
    assert User.objects.get(phone_hash=phone_lookup_hash("13812345678")).must_change_password is False
    assert client.get("/").status_code == 200


# --- the password-change page, for every role -----------------------------------------------

ROLE_FACTORIES = {
    "resident": lambda t: factories.resident(),
    "window_staff": lambda t: factories.window_staff(t["a1"]),
    "grid_worker": lambda t: factories.grid_worker(t["g1"]),
    "community_admin": lambda t: factories.community_admin(t["a1"]),
    "street_admin": lambda t: factories.street_admin(t["street_a"]),
    "district_admin": lambda t: factories.district_admin(),
}


@pytest.mark.parametrize("role", ROLE_FACTORIES)
def test_every_role_changes_its_password_from_the_header_link(client, territory, role):
    user = ROLE_FACTORIES[role](territory)
    AuthToken.objects.create(user=user)
    client.force_login(user)
    home = client.get("/").content.decode()
    assert f'href="{reverse("users:password_change")}"' in home
    assert client.get(reverse("users:password_change")).status_code == 200

    response = client.post(reverse("users:password_change"), {
        "old_password": factories.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert _can_log_in(user.username, NEW_PASSWORD) and not _can_log_in(user.username, factories.PASSWORD)
    assert not AuthToken.objects.filter(user=user).exists()  # every API token ends with the old password
    assert client.get(reverse("users:profile")).status_code == 200


def test_a_wrong_current_password_is_refused(client):
    user = factories.resident()
    client.force_login(user)
    response = client.post(reverse("users:password_change"), {
        "old_password": "not-my-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == ["你的旧密码不正确。请重新输入。"]
    assert _can_log_in(user.username, factories.PASSWORD)


def test_the_password_change_page_needs_a_login(client):
    response = client.get(reverse("users:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("users:login"))
