"""Checking and storing uploaded files (photos and materials) once, for every app.

Files are judged by their content, never their name: an image must decode with Pillow within
size and pixel limits (a decompression bomb is refused), a PDF must start with the PDF magic
bytes. Photos are re-encoded, which drops EXIF and with it GPS positions. Stored names are
random so they cannot be guessed; serving is left to views that check who may see the file.
"""

import io
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # about 7000 x 5700, well above any phone camera
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_STORED_EDGE = 2560  # photos are scaled down to this longest edge when stored

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpg"}


def random_name(prefix: str, extension: str) -> str:
    return f"{prefix}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class RandomUploadPath:
    """A Django `upload_to` that ignores the client's file name: `RandomUploadPath("appeals")`."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        extension = os.path.splitext(filename)[1].lstrip(".").lower() or "bin"
        return random_name(self.prefix, extension)

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix


def _read_limited(upload, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("文件“%(name)s”太大（最大 %(limit)d MB）。"),
            params={"name": getattr(upload, "name", ""), "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("文件“%(name)s”太大（最大 %(limit)d MB）。"),
            params={"name": getattr(upload, "name", ""), "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    return data


def clean_image(upload, *, max_bytes: int = MAX_IMAGE_BYTES, max_pixels: int = MAX_IMAGE_PIXELS) -> ContentFile:
    """Validate an uploaded photo and return a re-encoded copy without metadata.

    Raises ValidationError with a message naming the file when it is not an image, too large
    in bytes or pixels, or damaged.
    """
    name = getattr(upload, "name", "")
    data = _read_limited(upload, max_bytes)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            image_format = probe.format
            if width * height > max_pixels:
                raise ValidationError(
                    _("图片“%(name)s”像素过大（%(w)d×%(h)d）。"),
                    params={"name": name, "w": width, "h": height},
                    code="too_many_pixels",
                )
            if image_format not in IMAGE_FORMATS:
                raise UnidentifiedImageError(image_format)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
            image.thumbnail((MAX_STORED_EDGE, MAX_STORED_EDGE))
            out = io.BytesIO()
            if image_format in ("JPEG", "MPO"):
                image.convert("RGB").save(out, format="JPEG", quality=85)
                extension = "jpg"
            elif image_format == "GIF":
                image.convert("RGBA").save(out, format="PNG")
                extension = "png"
            else:
                image.save(out, format=image_format)
                extension = IMAGE_FORMATS[image_format]
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("“%(name)s”不是有效的图片文件（支持 JPEG、PNG、WEBP、GIF）。"),
            params={"name": name},
            code="not_an_image",
        )
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def clean_material(upload, *, max_bytes: int = MAX_PDF_BYTES) -> ContentFile:
    """Accept a PDF or an image (scanned material). Images are cleaned like photos."""
    name = getattr(upload, "name", "")
    data = _read_limited(upload, max_bytes)
    if data.startswith(b"%PDF-"):
        return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")
    try:
        return clean_image(upload, max_bytes=max_bytes)
    except ValidationError as exc:
        if exc.code == "not_an_image":
            raise ValidationError(
                _("“%(name)s”既不是图片也不是 PDF 文件。"), params={"name": name}, code="bad_type"
            )
        raise
