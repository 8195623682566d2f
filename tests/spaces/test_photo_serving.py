"""Room photos are served by content with safe headers (issue 10, point 1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spaces.services import room_add_photo
from taijiang.core.exceptions import DomainError
from tests.core.files import SVG, image_bytes

pytestmark = pytest.mark.django_db


def test_room_photo_is_served_inline_by_content_and_may_be_cached(client, room, admin, resident):
    photo = room_add_photo(room=room, actor=admin, upload=SimpleUploadedFile("hall.html", image_bytes("PNG")))
    assert photo.image.name.endswith(".png")
    client.force_login(resident)
    response = client.get(reverse("spaces:room_photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, max-age=3600"


def test_room_photo_missing_on_disk_is_404(client, room, admin, resident):
    photo = room_add_photo(room=room, actor=admin, upload=SimpleUploadedFile("hall.png", image_bytes("PNG")))
    photo.image.storage.delete(photo.image.name)
    client.force_login(resident)
    assert client.get(reverse("spaces:room_photo", args=[photo.pk])).status_code == 404


def test_svg_room_photo_is_refused(room, admin):
    with pytest.raises(DomainError) as info:
        room_add_photo(room=room, actor=admin, upload=SimpleUploadedFile("hall.svg", SVG))
    assert "不是有效的图片文件" in str(info.value.message) and info.value.field == "image"
    assert not room.photos.exists()
