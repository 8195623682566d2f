"""Factories and small builders for the one-window service tests."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grid.models import Household, Resident
from services.models import ItemMaterial, ServiceItem, Window
from tests.core.files import make_pdf
from tests.factories import ServiceCentreFactory


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"item-{n}")
    name = factory.Sequence(lambda n: f"测试事项{n}")
    group = "civil"
    promised_days = 5
    legal_days = 10
    status = ServiceItem.Status.ACTIVE

    @factory.post_generation
    def materials(self, create, extracted, **kwargs):
        if not create:
            return
        for index, name in enumerate(extracted if extracted is not None else ["居民身份证", "户口簿", "照片"]):
            ItemMaterial.objects.create(item=self, name=name, order=index)


def centre_with_windows(community, count=2, open_=True, staff=None):
    centre = ServiceCentreFactory(community=community)
    windows = [Window.objects.create(centre=centre, number=n, is_open=open_, staff=staff) for n in range(1, count + 1)]
    return centre, windows


def registry_resident(building, name="张阿公", user=None, door="101"):
    household, _ = Household.objects.get_or_create(building=building, door_number=door)
    return Resident.objects.create(household=household, name=name, sex="M", phone="13911112222", user=user)


def png(name="scan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


def not_a_file(name="virus.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ this is not an image", content_type="image/png")
