import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from appeals import services
from appeals.defaults import ensure_categories
from tests import factories

TZ = timezone.get_fixed_timezone(8 * 60)
MONDAY_10 = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=TZ)  # a plain working Monday


@pytest.fixture
def categories(db):
    return {c.code: c for c in ensure_categories()}


@pytest.fixture
def people(territory):
    t = territory
    return {
        "resident": factories.resident(building=t["b_g1"], community=t["a1"], display_name="林阿姨"),
        "neighbour": factories.resident(building=t["b_g1"], community=t["a1"]),
        "worker_g1": factories.grid_worker(t["g1"]),
        "worker_g2": factories.grid_worker(t["g2"]),
        "window_a1": factories.window_staff(t["a1"]),
        "admin_a1": factories.community_admin(t["a1"]),
        "admin_a2": factories.community_admin(t["a2"]),
        "street_a": factories.street_admin(t["street_a"]),
        "street_b": factories.street_admin(t["street_b"]),
        "district": factories.district_admin(),
    }


def jpeg(size=(64, 48), *, gps=False, name="photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", size, "blue")
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (26.0, 3.0, 0.0), 3: "E", 4: (119.0, 18.0, 0.0)}
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def submit(resident, **kwargs):
    kwargs.setdefault("text", "3号楼门口的路灯坏了，晚上很黑")
    return services.appeal_submit(actor=resident, **kwargs)


@pytest.fixture
def appeal(people, categories):
    """A street-lamp appeal by the resident at building 1 (grid g1), at grid level (category: sanitation)."""
    return submit(people["resident"], category=categories["sanitation"], text="楼道里垃圾堆了三天，有异味")


@pytest.fixture(autouse=True)
def _generous_rate(settings):
    # Tests file many appeals; the rate-limit tests set their own, lower rate.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "1000/h"}
