import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taijiang.core.uploads import clean_image, clean_material
from tests.core.files import make_pdf


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
    assert clean_material(SimpleUploadedFile("a.pdf", make_pdf())).name.endswith(".pdf")
    with pytest.raises(ValidationError) as info:
        clean_material(SimpleUploadedFile("a.pdf", b"MZ\x90\x00 windows exe"))
    assert info.value.code == "bad_type"


# --- the type is decided by the content, never by the name -------------------------------------

import zipfile  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db.models.fields.files import FieldFile  # noqa: E402
from django.http import Http404  # noqa: E402

from services.models import RequestAttachment  # noqa: E402
from taijiang.core.uploads import (  # noqa: E402
    PDF,
    UNKNOWN,
    RandomUploadPath,
    clean_spreadsheet,
    detect_type,
    safe_download_name,
    serve_upload,
)
from tests.core.files import SCRIPT, SVG, image_bytes  # noqa: E402


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil", "evil.pdf.html"])
def test_real_pdf_with_a_script_name_is_stored_as_pdf(name):
    cleaned = clean_material(SimpleUploadedFile(name, make_pdf(), content_type="text/html"))
    assert cleaned.name.endswith(".pdf") and "evil" not in cleaned.name
    assert RandomUploadPath("materials")(None, cleaned.name).endswith(".pdf")


@pytest.mark.parametrize("name", ["evil.html", "evil.svg"])
def test_pdf_magic_in_front_of_html_is_refused(name):
    fake = SimpleUploadedFile(name, b"%PDF-1.4\n" + SCRIPT)
    with pytest.raises(ValidationError) as info:
        clean_material(fake)
    assert info.value.code == "bad_pdf"
    assert "不是有效的 PDF 文件" in info.value.messages[0] and name in info.value.messages[0]


def test_pdf_magic_with_a_fake_trailer_but_no_document_is_refused():
    fake = b"%PDF-1.7\n" + SCRIPT + b"\nstartxref\n0\n%%EOF\n"
    with pytest.raises(ValidationError) as info:
        clean_material(SimpleUploadedFile("evil.html", fake))
    assert info.value.code == "bad_pdf"


@pytest.mark.parametrize(("catalog", "objects"), [
    (b"/Names << /JavaScript 4 0 R >>", (b"<< /Names [(a) 5 0 R] >>", b"<< /S /JavaScript /JS (app.alert(1)) >>")),
    # the same with the names spelled through #xx escapes, as scanners that grep bytes miss it
    (b"/OpenAction 4 0 R", (b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",)),
    (b"/OpenAction << /S /Launch /F (cmd.exe) >>", ()),
    (b"/Names << /EmbeddedFiles << /Names [(a.html) 4 0 R] >> >>", (b"<< /Type /Filespec /F (a.html) >>",)),
    (b"/AcroForm << /Fields [] /XFA 4 0 R >>", (b"<< >>",)),
])
def test_pdf_with_scripts_actions_or_embedded_files_is_refused(catalog, objects):
    with pytest.raises(ValidationError) as info:
        clean_material(SimpleUploadedFile("申请表.pdf", make_pdf(catalog, objects)))
    assert info.value.code == "pdf_active_content"
    assert "含有脚本、自动操作或嵌入文件" in info.value.messages[0]


def test_pdf_open_action_that_only_sets_the_view_is_accepted():
    assert clean_material(SimpleUploadedFile("a.pdf", make_pdf(b"/OpenAction [3 0 R /Fit]"))).name.endswith(".pdf")


def test_bytes_appended_after_the_pdf_end_are_not_stored():
    cleaned = clean_material(SimpleUploadedFile("a.pdf", make_pdf() + SCRIPT))
    stored = cleaned.read()
    assert stored == make_pdf() and b"<script" not in stored


@pytest.mark.parametrize(("name", "data"), [("evil.svg", SVG), ("evil.html", SCRIPT), ("photo.png", SCRIPT)])
def test_svg_and_html_materials_are_refused(name, data):
    with pytest.raises(ValidationError) as info:
        clean_material(SimpleUploadedFile(name, data, content_type="image/svg+xml"))
    assert info.value.code == "bad_type" and "既不是图片也不是 PDF 文件" in info.value.messages[0]


def test_svg_photo_is_refused():
    with pytest.raises(ValidationError) as info:
        clean_image(SimpleUploadedFile("evil.svg", SVG, content_type="image/svg+xml"))
    assert info.value.code == "not_an_image"


def test_polyglot_jpeg_with_html_is_reencoded_without_the_html():
    polyglot = image_bytes("JPEG")
    # an HTML comment segment right after SOI, and HTML appended after EOI
    polyglot = polyglot[:2] + b"\xff\xfe" + (len(SCRIPT) + 2).to_bytes(2, "big") + SCRIPT + polyglot[2:] + SCRIPT
    assert Image.open(io.BytesIO(polyglot)).format == "JPEG"
    cleaned = clean_material(SimpleUploadedFile("x.html", polyglot, content_type="text/html"))
    stored = cleaned.read()
    assert cleaned.name.endswith(".jpg") and stored[:3] == b"\xff\xd8\xff"
    assert b"<script" not in stored and b"<html" not in stored


def test_png_text_chunks_are_not_kept():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG", pnginfo=info)
    stored = clean_image(SimpleUploadedFile("p.png", out.getvalue())).read()
    assert stored.startswith(b"\x89PNG") and b"<script" not in stored


def test_gif_is_stored_as_png():
    cleaned = clean_image(SimpleUploadedFile("a.gif", image_bytes("GIF")))
    assert cleaned.name.endswith(".png") and cleaned.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(("client_name", "extension"), [
    ("evil.html", "bin"), ("evil.svg", "bin"), ("photo.jpg", "bin"), ("../../x.pdf", "bin"), ("", "bin"),
    ("0123456789abcdef0123456789abcdef.pdf", "pdf"), ("0123456789abcdef0123456789abcdef.html", "bin"),
])
def test_upload_path_never_takes_the_extension_from_a_client_name(client_name, extension):
    path = RandomUploadPath("materials")(None, client_name)
    assert path.startswith("materials/") and path.endswith(f".{extension}") and ".." not in path


@pytest.mark.parametrize(("head", "content_type"), [
    (make_pdf()[:16], "application/pdf"), (image_bytes("JPEG")[:16], "image/jpeg"),
    (image_bytes("PNG")[:16], "image/png"), (image_bytes("WEBP")[:16], "image/webp"),
    (image_bytes("GIF")[:16], "application/octet-stream"), (SVG[:16], "application/octet-stream"),
    (SCRIPT[:16], "application/octet-stream"), (b"", "application/octet-stream"),
])
def test_served_type_comes_from_the_first_bytes(head, content_type):
    assert detect_type(head).content_type == content_type


@pytest.mark.parametrize(("original", "expected"), [
    ("evil.html", "evil.pdf"), ("../../etc/evil.svg", "evil.pdf"), ("C:\\Users\\me\\户口簿.jpg", "户口簿.pdf"),
    ('a"; filename=b.html', "a__ filename_b.pdf"), ("line\r\nSet-Cookie: x", "line__Set-Cookie_ x.pdf"),
    ("", "file.pdf"), ("...", "file.pdf"),
])
def test_download_name_is_sanitised_and_takes_the_real_extension(original, expected):
    assert safe_download_name(original, PDF) == expected


def _stored(name, data):
    saved = default_storage.save(name, ContentFile(data))
    return FieldFile(None, RequestAttachment._meta.get_field("file"), saved)


def test_pdf_stored_under_an_html_name_is_served_as_a_pdf_attachment():
    response = serve_upload(_stored("materials/old.html", make_pdf()), download_name="evil.html")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == make_pdf()


def test_html_stored_by_an_older_release_is_served_as_an_octet_stream_attachment():
    response = serve_upload(_stored("materials/old.html", SCRIPT), download_name="evil.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="evil.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_image_is_served_inline_and_public_files_may_be_cached():
    response = serve_upload(_stored("spaces/rooms/a.html", image_bytes("PNG")), personal=False)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"] == "private, max-age=3600"


def test_missing_or_empty_file_is_404():
    field = RequestAttachment._meta.get_field("file")
    with pytest.raises(Http404):
        serve_upload(FieldFile(None, field, "materials/gone.pdf"))
    with pytest.raises(Http404):
        serve_upload(FieldFile(None, field, ""))


# --- spreadsheets for imports --------------------------------------------------------------------


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "extension"), [
    ("名册.xlsx", _xlsx_bytes(), "xlsx"), ("名册.html", _xlsx_bytes(), "xlsx"),
    ("名册.csv", "楼栋,门牌号\n1号楼,101\n".encode("gb18030"), "csv"),
    ("名册.xlsx", "\ufeff楼栋,门牌号\n".encode(), "csv"),
])
def test_spreadsheet_type_comes_from_the_content(name, data, extension):
    cleaned = clean_spreadsheet(SimpleUploadedFile(name, data))
    assert cleaned.name.endswith(f".{extension}") and "名册" not in cleaned.name


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("名册.xlsx", make_pdf()), ("名册.csv", image_bytes("PNG")), ("名册.csv", SCRIPT), ("名册.csv", SVG),
    ("名册.xlsx", _zip({"word/document.xml": "<w/>"})),  # a .docx
    ("名册.xlsx", _zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x", "xl/big.xml": "0" * (101 * 2**20)})),
    ("名册.csv", b""), ("名册.csv", b"hello"),
])
def test_non_spreadsheet_import_is_refused(name, data):
    with pytest.raises(ValidationError) as info:
        clean_spreadsheet(SimpleUploadedFile(name, data))
    assert info.value.code == "not_a_spreadsheet" and "不是表格文件，只支持 .xlsx 或 .csv 文件" in info.value.messages[0]


def test_oversized_spreadsheet_is_refused():
    with pytest.raises(ValidationError) as info:
        clean_spreadsheet(SimpleUploadedFile("名册.csv", b"a,b\n" * 10), max_bytes=16)
    assert info.value.code == "too_large"


def test_unknown_type_is_never_an_image():
    assert not UNKNOWN.is_image and UNKNOWN.content_type == "application/octet-stream"
