"""Appeal photos are served by content, with headers that stop a browser running anything (issue 10, point 1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appeals.models import Appeal
from tests.core.files import SCRIPT

from .conftest import jpeg, submit

pytestmark = pytest.mark.django_db


def test_photo_is_served_inline_as_jpeg_with_nosniff_sandbox_and_no_store(client, people):
    appeal = submit(people["resident"], photos=[jpeg(name="x.html")])
    photo = appeal.photos.get()
    assert photo.image.name.endswith(".jpg")
    client.force_login(people["resident"])
    response = client.get(reverse("appeals:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_photo_missing_on_disk_is_404(client, people):
    appeal = submit(people["resident"], photos=[jpeg()])
    photo = appeal.photos.get()
    photo.image.storage.delete(photo.image.name)
    client.force_login(people["resident"])
    assert client.get(reverse("appeals:photo", args=[photo.pk])).status_code == 404


def test_html_photo_is_refused_on_the_submit_page(client, people):
    client.force_login(people["resident"])
    response = client.post(reverse("appeals:submit"), {
        "text": "3号楼门口的路灯坏了，晚上很黑", "contact_preference": "inapp",
        "photos": SimpleUploadedFile("evil.svg", SCRIPT, "image/svg+xml")})
    page = response.content.decode()
    assert response.status_code == 400 and "evil.svg" in page and "不是有效的图片文件" in page
    assert not Appeal.objects.exists()
