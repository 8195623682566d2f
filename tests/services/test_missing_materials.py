"""Issue #15.9: a pre-application missing materials says so to the resident, lets them hand in the rest,
and the clerk's review starts from the materials nobody uploaded."""

import re

import pytest
from django.urls import reverse

from services.models import ServiceRequest

from .factories import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(client, item, people):
    """The resident applies with one of the three listed materials (身份证, 户口簿, 照片)."""
    client.force_login(people["resident"])
    first = item.materials.order_by("order").first()
    client.post(reverse("services:request_create", args=["mz-test"]), {f"material_{first.pk}": png("身份证.png")})
    return ServiceRequest.objects.get()


def test_the_resident_sees_what_is_not_uploaded_and_hands_it_in(client, applied, item):
    page = client.get(reverse("services:request_detail", args=[applied.pk])).content.decode()
    assert "尚未上传：" in page and "户口簿、照片" in page
    household = item.materials.get(name="户口簿")
    response = client.post(reverse("services:request_action", args=[applied.pk, "add"]),
                           {f"material_{household.pk}": png("户口簿.png")}, follow=True)
    assert "材料已上传" in response.content.decode()
    assert applied.attachments.count() == 2
    page = client.get(reverse("services:request_detail", args=[applied.pk])).content.decode()
    assert "尚未上传：" in page and "照片" in page and "户口簿、" not in page


def test_handing_in_nothing_is_refused_with_a_message(client, applied):
    response = client.post(reverse("services:request_action", args=[applied.pk, "add"]), {}, follow=True)
    assert "请上传所缺的材料" in response.content.decode() and applied.attachments.count() == 1


def test_another_resident_cannot_add_materials(client, applied, people):
    client.force_login(people["other_resident"])
    response = client.post(reverse("services:request_action", args=[applied.pk, "add"]),
                           {"other_file": png()})
    assert response.status_code in (403, 404) and applied.attachments.count() == 1


def test_the_clerks_review_ticks_the_missing_ones_and_does_not_offer_accept_as_the_main_action(client, applied,
                                                                                             people):
    client.force_login(people["window"])
    client.post(reverse("services:request_action", args=[applied.pk, "review"]))
    page = client.get(reverse("services:request_detail", args=[applied.pk])).content.decode()
    ticked = set(re.findall(r'name="materials" value="([^"]+)"[^>]*checked', page))
    assert ticked == {"户口簿", "照片"}
    assert "仍然受理（缺 2 项材料）" in page and "材料齐全，受理" not in page


def test_with_every_material_uploaded_accepting_is_the_main_action(client, item, people):
    client.force_login(people["resident"])
    files = {f"material_{m.pk}": png(f"{m.name}.png") for m in item.materials.all()}
    client.post(reverse("services:request_create", args=["mz-test"]), files)
    request = ServiceRequest.objects.get()
    client.force_login(people["window"])
    client.post(reverse("services:request_action", args=[request.pk, "review"]))
    page = client.get(reverse("services:request_detail", args=[request.pk])).content.decode()
    assert '<button class="btn btn-primary">材料齐全，受理</button>' in page and "尚未上传" not in page
