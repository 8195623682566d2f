"""Checking, storing and serving uploaded files (photos, materials, spreadsheets) once, for every app.

A file's type is decided by its bytes, never by the name or the Content-Type the client sent:

- photos must decode with Pillow within size and pixel limits (a decompression bomb is refused)
  and are re-encoded to JPEG, PNG or WebP, which drops EXIF (GPS positions), comments and any
  bytes appended to the image (an HTML/JPEG polyglot comes out as a plain JPEG);
- a PDF must parse as a PDF (header, `startxref` and `%%EOF`, an object tree with at least one
  page) and must not carry scripts, automatic actions, launch actions or embedded files; bytes
  after the last `%%EOF` are cut off. PDFs are checked, not rewritten, so a signed certificate
  keeps its signature;
- a spreadsheet for an import must be an XLSX (a zip holding a workbook) or CSV text.

The stored name is random and its extension is the detected type's. Files are served only by
`serve_upload`, which again decides the Content-Type from the first bytes against an allow-list
(so rows stored before these checks, whatever their name, are served safely) and sends
everything that is not an image as an attachment.
"""

import io
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # about 7000 x 5700, well above any phone camera
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_PDF_OBJECTS = 200_000  # dictionaries and arrays; a 500-page document has tens of thousands at most
MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024  # 5,000 register rows are well under 1 MB
MAX_SPREADSHEET_UNPACKED = 100 * 1024 * 1024  # an XLSX is a zip: refuse zip bombs before openpyxl opens it
MAX_STORED_EDGE = 2560  # photos are scaled down to this longest edge when stored

# Pillow formats accepted on upload; each is stored as one of the served types below.
IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


JPEG = FileType("image/jpeg", "jpg")
PNG = FileType("image/png", "png")
WEBP = FileType("image/webp", "webp")
PDF = FileType("application/pdf", "pdf")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
CSV = FileType("text/csv", "csv")
UNKNOWN = FileType("application/octet-stream", "bin")

# What may ever be sent back to a browser under its own type; anything else is an octet-stream attachment.
SERVED_TYPES = (JPEG, PNG, WEBP, PDF)
# Extensions the stored names may carry (see RandomUploadPath); spreadsheets are stored, never served.
STORED_EXTENSIONS = {t.extension for t in (*SERVED_TYPES, XLSX, CSV)}


def detect_type(head: bytes) -> FileType:
    """The servable type of a file from its first bytes (16 are enough), or UNKNOWN.

    This is the one place that maps content to a type: the cleaners below only store what
    it recognises, and serve_upload asks it again at every download."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return UNKNOWN


def random_name(prefix: str, extension: str) -> str:
    return f"{prefix}/{uuid.uuid4().hex}.{extension}"


def _stored_name(file_type: FileType) -> str:
    return f"{uuid.uuid4().hex}.{file_type.extension}"


_CLEANED_NAME = re.compile(r"^[0-9a-f]{32}\.([a-z]+)$")


@deconstructible
class RandomUploadPath:
    """A Django `upload_to` that never keeps the client's file name: `RandomUploadPath("appeals")`.

    Only names produced by the cleaners here (`<uuid>.<detected type>`) keep their extension;
    any other name (a file saved without going through a cleaner) is stored as `.bin`, which
    no code serves under a type of its own."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        match = _CLEANED_NAME.match(os.path.basename(filename or ""))
        extension = match.group(1) if match and match.group(1) in STORED_EXTENSIONS else UNKNOWN.extension
        return random_name(self.prefix, extension)

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix


def _read_limited(upload, limit: int) -> bytes:
    too_large = ValidationError(
        _("文件“%(name)s”太大（最大 %(limit)d MB）。"),
        params={"name": getattr(upload, "name", ""), "limit": limit // (1024 * 1024)},
        code="too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_large
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise too_large
    return data


# ---------------------------------------------------------------------------------------------
# Images


def clean_image(upload, *, max_bytes: int = MAX_IMAGE_BYTES, max_pixels: int = MAX_IMAGE_PIXELS) -> ContentFile:
    """Validate an uploaded photo and return a re-encoded copy without metadata.

    JPEG (and MPO) stay JPEG, PNG and WebP keep their format, GIF becomes PNG (first frame).
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
            # Only pixels are written. Pillow copies some of `info` into the new file by itself
            # (a JPEG comment, the ICC profile, EXIF): anything but PNG transparency could carry a
            # payload, so it goes.
            image.info = {key: value for key, value in image.info.items() if key == "transparency"}
            out = io.BytesIO()
            if image_format in ("JPEG", "MPO"):
                image.convert("RGB").save(out, format="JPEG", quality=85)
            elif image_format == "WEBP":
                mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
                image.convert(mode).save(out, format="WEBP", quality=85)
            else:  # PNG, GIF
                if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                    image = image.convert("RGBA")
                image.save(out, format="PNG")
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("“%(name)s”不是有效的图片文件（支持 JPEG、PNG、WEBP、GIF）。"),
            params={"name": name},
            code="not_an_image",
        )
    encoded = out.getvalue()
    file_type = detect_type(encoded[:16])
    if not file_type.is_image:  # cannot happen with the encoders above; never store what we could not serve
        raise ValidationError(_("“%(name)s”不是有效的图片文件（支持 JPEG、PNG、WEBP、GIF）。"),
                              params={"name": name}, code="not_an_image")
    return ContentFile(encoded, name=_stored_name(file_type))


# ---------------------------------------------------------------------------------------------
# PDF

# Action types that run code, open other programs or files, or send data somewhere.
_PDF_BAD_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/GoToE",
                    "/Rendition", "/Hide", "/Sound", "/Movie"}
# Keys whose presence alone means scripts, forms with scripts, or files inside the PDF.
_PDF_BAD_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
_PDF_BAD_TYPES = {"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"}
_PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")


def _pdf_has_active_content(reader) -> bool:
    """Walk every object reachable from the trailer (decoded by pypdf, so `#xx` escapes in names
    and objects hidden in compressed object streams are seen) looking for active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    containers = (DictionaryObject, ArrayObject, IndirectObject)  # numbers, names and strings hold nothing
    stack, seen, count = [reader.trailer], set(), 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        count += 1
        if count > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(obj, DictionaryObject):  # stream objects too: their dictionary, not their data
            if _PDF_BAD_KEYS.intersection(obj.keys()):
                return True
            if obj.get("/S") in _PDF_BAD_ACTIONS:
                return True
            if obj.get("/Type") in _PDF_BAD_TYPES or obj.get("/Subtype") in _PDF_BAD_TYPES:
                return True
            values = obj.values()
        elif isinstance(obj, ArrayObject):
            values = obj
        else:
            continue
        stack.extend(value for value in values if isinstance(value, containers))
    return False


def clean_pdf(data: bytes, *, name: str = "") -> ContentFile:
    """A PDF accepted as material, or ValidationError naming the file and the reason."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    def refuse(message, code, **params):
        return ValidationError(message, params={"name": name, **params}, code=code)

    bad = refuse(_("“%(name)s”不是有效的 PDF 文件（文件已损坏或不完整）。"), "bad_pdf")
    end = data.rfind(b"%%EOF")
    if not _PDF_HEADER.match(data) or end < 0 or b"startxref" not in data[max(0, end - 1024):end]:
        raise bad
    # Whatever follows the last %%EOF is not part of the document (readers ignore it): drop it so a
    # payload appended to a real PDF is not stored.
    end += len(b"%%EOF")
    end += len(re.match(rb"\r\n|\r|\n|", data[end:end + 2]).group())  # keep the line end after %%EOF
    data = data[:end]
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        if pages == 0:
            raise bad
        if pages > MAX_PDF_PAGES:
            raise refuse(_("“%(name)s”页数过多（最多 %(n)d 页）。"), "too_many_pages", n=MAX_PDF_PAGES)
        active = _pdf_has_active_content(reader)
    except ValidationError:
        raise
    except FileNotDecryptedError:
        raise refuse(_("“%(name)s”是加密的 PDF，无法检查其内容，请上传未加密的文件。"), "pdf_encrypted")
    except Exception as exc:  # pypdf raises many kinds (and RecursionError) on a damaged or hostile file
        raise bad from exc
    if active:
        raise refuse(_("“%(name)s”含有脚本、自动操作或嵌入文件，出于安全原因不能接收；"
                       "请将其打印为新的 PDF 或扫描后再上传。"), "pdf_active_content")
    return ContentFile(data, name=_stored_name(PDF))


def clean_material(upload, *, max_bytes: int = MAX_PDF_BYTES) -> ContentFile:
    """Accept a PDF or an image (scanned material). Images are cleaned like photos; anything else
    (HTML, SVG, Office documents, executables...) is refused whatever it is called."""
    name = getattr(upload, "name", "")
    data = _read_limited(upload, max_bytes)
    if detect_type(data[:16]) is PDF:
        return clean_pdf(data, name=name)
    try:
        return clean_image(upload, max_bytes=max_bytes)
    except ValidationError as exc:
        if exc.code == "not_an_image":
            raise ValidationError(
                _("“%(name)s”既不是图片也不是 PDF 文件。"), params={"name": name}, code="bad_type"
            )
        raise


# ---------------------------------------------------------------------------------------------
# Spreadsheets (imports)

_CSV_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_csv(data: bytes) -> str | None:
    """The text of a CSV table (UTF-8 with or without BOM, or GBK/GB18030), None when not table-like text."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # gb18030 decodes almost any bytes; control characters tell binary from a table, and a
        # table's header row has columns (HTML, JSON or a PDF does not look like one).
        header = text.lstrip().split("\n", 1)[0]
        if _CSV_FORBIDDEN.search(text) or header[:1] in ("<", "{", "%") or "," not in header:
            return None
        return text
    return None


def spreadsheet_type(data: bytes) -> FileType | None:
    """XLSX when the bytes are a zip holding a workbook, CSV when they are table-like text, else None."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names and unpacked <= MAX_SPREADSHEET_UNPACKED:
            return XLSX
        return None
    return CSV if data and decode_csv(data) is not None else None


def clean_spreadsheet(upload, *, max_bytes: int = MAX_SPREADSHEET_BYTES) -> ContentFile:
    """An import file judged by content (the name is ignored), stored under a random name."""
    name = getattr(upload, "name", "")
    data = _read_limited(upload, max_bytes)
    file_type = spreadsheet_type(data)
    if file_type is None:
        raise ValidationError(_("“%(name)s”不是表格文件，只支持 .xlsx 或 .csv 文件。"),
                              params={"name": name}, code="not_a_spreadsheet")
    return ContentFile(data, name=_stored_name(file_type))


# ---------------------------------------------------------------------------------------------
# Serving

_UNSAFE_NAME_CHARS = re.compile(r"[^\w\-. ()（）【】]", re.UNICODE)


def safe_download_name(original: str | None, file_type: FileType) -> str:
    """The client's name without path, control or quoting characters, with the real type's extension."""
    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = os.path.splitext(base)[0]
    stem = unicodedata.normalize("NFC", stem)
    stem = _UNSAFE_NAME_CHARS.sub("_", stem).strip(" ._")[:80] or "file"
    return f"{stem}.{file_type.extension}"


def serve_upload(file_field, *, download_name: str | None = None, personal: bool = True) -> FileResponse:
    """Send a stored upload after the view has checked who may see it.

    The Content-Type comes from the file's first bytes against SERVED_TYPES (never from the
    stored or the original name); images are shown inline, everything else (PDFs included) is
    an attachment named after `download_name` with the real extension. A missing file is a 404.
    `personal=False` lets the browser keep the file for an hour (room photos); personal files
    are never cached.
    """
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
        head = handle.read(16)
        handle.seek(0)
    except (FileNotFoundError, IsADirectoryError, ValueError) as exc:
        raise Http404 from exc
    file_type = detect_type(head)
    stored_stem = os.path.basename(file_field.name or "")
    filename = safe_download_name(download_name or stored_stem, file_type)
    response = FileResponse(handle, content_type=file_type.content_type, as_attachment=not file_type.is_image,
                            filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser did render the file as a document, it runs no script and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store" if personal else "private, max-age=3600"
    return response
