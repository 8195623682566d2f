"""A resident reports a broken lamp from a phone-sized browser and gets a tracking number."""

import pytest

from appeals.defaults import ensure_categories
from appeals.models import Appeal
from tests import factories

from .conftest import jpeg


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_resident_reports_from_a_phone_and_sees_the_tracking_number(territory, tmp_path, phone):
    ensure_categories()
    factories.grid_worker(territory["g1"])
    factories.resident(username="lin", building=territory["b_g1"], community=territory["a1"])
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg().read())
    page = phone
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "lin")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.goto("/appeals/")
    page.fill("#id_text", "小区门口的路灯坏了，晚上很黑")
    page.wait_for_selector("[data-pick-category]")  # the suggestion arrives by htmx
    page.click("[data-pick-category]")
    page.set_input_files("input[name=photos]", str(photo))
    page.click("#appeal-form button[type=submit]")
    page.wait_for_selector("text=提交成功")
    content = page.content()
    appeal = Appeal.objects.get()
    assert appeal.number in content and appeal.category.code == "municipal" and appeal.photos.count() == 1
