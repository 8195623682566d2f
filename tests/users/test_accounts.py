import pytest
from django.urls import reverse

from taijiang.users.models import Role, User, phone_lookup_hash
from tests import factories

pytestmark = pytest.mark.django_db


def test_malformed_phone_gets_a_chinese_field_error_and_keeps_input(client, territory):
    response = client.post(reverse("users:register"), {
        "display_name": "李大爷", "phone": "12345", "password1": "lotus-pond-88", "password2": "lotus-pond-88",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert "请输入有效的 11 位手机号码" in form.errors["phone"][0]
    assert 'value="李大爷"' in response.content.decode()


def test_mismatched_passwords_and_weak_password(client, territory):
    response = client.post(reverse("users:register"), {
        "display_name": "张三", "phone": "13812345679", "password1": "lotus-pond-88", "password2": "other-pass-99",
    })
    assert "两次输入的密码不一致" in response.context["form"].errors["password2"][0]
    response = client.post(reverse("users:register"), {
        "display_name": "张三", "phone": "13812345679", "password1": "12345678", "password2": "12345678",
    })
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(phone_hash=phone_lookup_hash("13812345679")).exists()


def test_building_outside_chosen_community_is_refused(client, territory):
    response = client.post(reverse("users:register"), {
        "display_name": "张三", "phone": "13812345679", "community": territory["a2"].pk,
        "building": territory["b_g1"].pk, "password1": "lotus-pond-88", "password2": "lotus-pond-88",
    })
    assert "所选楼栋不在所选社区内" in response.context["form"].errors["building"][0]


@pytest.mark.parametrize("username", ["13900000077", "resident77"])
def test_login_with_phone_or_username(client, username):
    factories.resident(username="resident77", phone="13900000077")
    response = client.post(reverse("users:login"), {"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("username,password", [("13900000077", "wrong-password"), ("13900000078", factories.PASSWORD)])
def test_wrong_login_does_not_say_which_part_was_wrong(client, username, password):
    factories.resident(username="resident77", phone="13900000077")
    response = client.post(reverse("users:login"), {"username": username, "password": password})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["手机号/用户名或密码不正确。"]


def test_login_redirect_ignores_foreign_next(client):
    factories.resident(username="resident77", phone="13900000077")
    response = client.post(reverse("users:login") + "?next=https://evil.example/",
                           {"username": "resident77", "password": factories.PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_each_role_lands_on_its_home(client, territory):
    resident = factories.resident()
    client.force_login(resident)
    assert "dashboard/home_resident.html" in [t.name for t in client.get("/").templates]
    client.force_login(factories.grid_worker(territory["g1"]))
    assert "dashboard/home_staff.html" in [t.name for t in client.get("/").templates]


def test_api_token_with_phone_or_username(api_client):
    factories.resident(username="resident77", phone="13900000077")
    response = api_client.post("/api/v1/auth/token/", {"username": "13900000077", "password": factories.PASSWORD})
    assert response.status_code == 200 and len(response.json()["token"]) == 64 and response.json()["expiry"]
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/").json()
    assert me["username"] == "resident77" and me["phone"] == "139****0077"


def test_api_token_wrong_password_is_a_readable_400(api_client):
    factories.resident(username="resident77", phone="13900000077")
    response = api_client.post("/api/v1/auth/token/", {"username": "resident77", "password": "nope"})
    assert response.status_code == 400
    assert response.json() == {"detail": "手机号/用户名或密码不正确。"}


def test_api_requires_authentication(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403) and "detail" in response.json()


def test_staff_create_refuses_outside_territory(territory):
    from taijiang.core.exceptions import NotAllowed
    from taijiang.users.services import staff_create

    admin = factories.community_admin(territory["a1"])
    created = staff_create(actor=admin, username="gw1", password="x-long-password-1", role=Role.GRID_WORKER,
                           grids=[territory["g1"]])
    assert created.community == territory["a1"] and list(created.grids.all()) == [territory["g1"]]
    with pytest.raises(NotAllowed):
        staff_create(actor=admin, username="gw2", password="x-long-password-1", role=Role.GRID_WORKER,
                     grids=[territory["g3"]])
    with pytest.raises(NotAllowed):
        staff_create(actor=admin, username="sa", password="x-long-password-1", role=Role.STREET_ADMIN,
                     street=territory["street_a"])
    with pytest.raises(NotAllowed):
        staff_create(actor=factories.grid_worker(territory["g1"]), username="x", password="x-long-password-1",
                     role=Role.WINDOW_STAFF, community=territory["a1"])


def test_database_refuses_community_admin_without_community(territory):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(username="broken", role=Role.COMMUNITY_ADMIN)


def test_community_admin_creates_a_grid_worker_through_the_page(client, territory):
    client.force_login(factories.community_admin(territory["a1"]))
    response = client.post(reverse("users:staff_create"), {
        "username": "gw-new", "display_name": "新网格员", "phone": "13912340000", "role": "grid_worker",
        "community": territory["a1"].pk, "grids": [territory["g1"].pk], "password": "first-login-pass",
    })
    assert response.status_code == 302
    created = User.objects.get(username="gw-new")
    assert created.role == Role.GRID_WORKER and list(created.grids.all()) == [territory["g1"]]
    listing = client.get(reverse("users:staff_list")).content.decode()
    assert "新网格员" in listing and "139****0000" in listing


def test_staff_page_offers_no_grid_outside_scope_and_refuses_residents(client, territory):
    client.force_login(factories.community_admin(territory["a1"]))
    response = client.post(reverse("users:staff_create"), {
        "username": "gw-x", "display_name": "越界", "role": "grid_worker", "community": territory["a1"].pk,
        "grids": [territory["g3"].pk], "password": "first-login-pass",
    })
    assert response.status_code == 200 and "grids" in response.context["form"].errors
    assert not User.objects.filter(username="gw-x").exists()
    client.force_login(factories.resident())
    refused = client.get(reverse("users:staff_list"))
    assert refused.status_code == 403 and "只有管理员可以管理工作人员账号" in refused.content.decode()


def test_community_admin_cannot_hand_out_street_admin(client, territory):
    client.force_login(factories.community_admin(territory["a1"]))
    response = client.post(reverse("users:staff_create"), {
        "username": "sa-x", "display_name": "越权", "role": "street_admin", "street": territory["street_a"].pk,
        "password": "first-login-pass",
    })
    assert "role" in response.context["form"].errors
