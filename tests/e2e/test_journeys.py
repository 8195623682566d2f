import pytest

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_logs_in_on_a_phone_and_sees_the_tiles(phone, demo_data):
    login(phone, "13800000001", "taijiang-demo")
    assert phone.locator("h1").first.inner_text().startswith("林阿姨")
    tiles = phone.locator("a.tile .tile-label").all_inner_texts()
    assert "我的" in tiles
    phone.click("a.tile:has-text('我的')")
    assert phone.url.endswith("/me/mine/")


def test_wrong_password_is_told_without_saying_which_part(phone, demo_data):
    login(phone, "demo-resident", "wrong-password")
    assert phone.locator(".alert, .invalid-feedback, .alert-block").first.inner_text().strip() == "手机号/用户名或密码不正确。"


@pytest.mark.parametrize("username", ["demo-window", "demo-grid", "demo-community", "demo-street"])
def test_each_staff_account_lands_on_its_workbench(phone, demo_data, username):
    login(phone, username, "taijiang-demo")
    assert "工作台" in phone.locator("h1").first.inner_text()


def test_language_switch_to_english(phone, demo_data):
    phone.goto("/")
    phone.click("button.navbar-toggler")  # on a phone the switch sits in the menu
    phone.select_option("select[name=language]", "en")
    phone.wait_for_load_state("networkidle")
    assert "Log in" in phone.content()
