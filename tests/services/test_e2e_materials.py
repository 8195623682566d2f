"""Issue #15.9 in the browser: submitting a pre-application with materials not chosen names them first;
a second tap submits (the rest can be handed in later)."""

import pytest

from services.models import ServiceRequest
from tests.e2e.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_resident_is_told_which_materials_are_missing_before_submitting(phone, item, people):
    people["resident"].username = "e2e-resident"
    people["resident"].save()
    login(phone, "e2e-resident", PASSWORD)
    phone.goto("/services/items/mz-test/apply/")
    phone.click("form[data-warn-missing] button[type=submit]")
    warning = phone.locator("[data-missing-list]")
    assert warning.is_visible() and "居民身份证、户口簿、照片" in warning.inner_text()
    assert ServiceRequest.objects.count() == 0
    assert phone.inner_text("form[data-warn-missing] button[type=submit]") == "仍然提交，稍后补交"
    phone.click("form[data-warn-missing] button[type=submit]")
    phone.wait_for_selector("#not-uploaded")
    assert ServiceRequest.objects.count() == 1
