import pytest
from django.core.management import call_command

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def test_resident_logs_in_on_a_phone_and_sees_the_tiles(page, demo):
    login(page, "13800000001", "taijiang-demo")
    assert page.locator("h1").first.inner_text().startswith("林阿姨")
    tiles = page.locator("a.tile .tile-label").all_inner_texts()
    assert "我的" in tiles
    page.click("a.tile:has-text('我的')")
    assert page.url.endswith("/me/mine/")


def test_wrong_password_is_told_without_saying_which_part(page, demo):
    login(page, "demo-resident", "wrong-password")
    assert page.locator(".alert, .invalid-feedback, .alert-block").first.inner_text().strip() == "手机号/用户名或密码不正确。"


@pytest.mark.parametrize("username", ["demo-window", "demo-grid", "demo-community", "demo-street"])
def test_each_staff_account_lands_on_its_workbench(page, demo, username):
    login(page, username, "taijiang-demo")
    assert "工作台" in page.locator("h1").first.inner_text()


def test_language_switch_to_english(page, demo):
    page.goto("/")
    page.click("button.navbar-toggler")  # on a phone the switch sits in the menu
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert "Log in" in page.content()
