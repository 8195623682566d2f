import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taijiang.core.uploads import clean_image, clean_material


def _jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (26.0, 3.0, 0.0), 3: "E", 4: (119.0, 18.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_reencoded_without_exif_or_gps():
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()  # the upload carries EXIF
    cleaned = clean_image(SimpleUploadedFile("IMG_0001.jpg", raw, content_type="image/jpeg"))
    stored = Image.open(io.BytesIO(cleaned.read()))
    assert not stored.getexif()
    assert cleaned.name.endswith(".jpg") and "IMG_0001" not in cleaned.name


def test_pdf_renamed_jpg_is_refused():
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 fake", content_type="image/jpeg")
    with pytest.raises(ValidationError) as info:
        clean_image(fake)
    assert info.value.code == "not_an_image"


def test_image_bomb_is_refused_by_pixels():
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # tiny file, 64 million pixels
    with pytest.raises(ValidationError) as info:
        clean_image(SimpleUploadedFile("bomb.png", out.getvalue()))
    assert info.value.code == "too_many_pixels"


def test_oversized_file_is_refused():
    with pytest.raises(ValidationError) as info:
        clean_image(SimpleUploadedFile("big.jpg", b"0" * 2048), max_bytes=1024)
    assert info.value.code == "too_large"


def test_material_accepts_pdf_and_refuses_other_content():
    assert clean_material(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n...")).name.endswith(".pdf")
    with pytest.raises(ValidationError) as info:
        clean_material(SimpleUploadedFile("a.pdf", b"MZ\x90\x00 windows exe"))
    assert info.value.code == "bad_type"
