"""Materials are typed by content and downloaded as attachments (issue 10, point 1)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services import services
from services.models import RequestAttachment, ServiceRequest
from tests.core.files import SCRIPT, SVG, make_pdf

pytestmark = pytest.mark.django_db


def _upload(name, data, content_type="text/html"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _download(client, attachment):
    return client.get(reverse("services:attachment", args=[attachment.request_id, attachment.pk]))


@pytest.mark.parametrize("name", ["evil.html", "evil.svg"])
def test_pdf_named_like_a_page_is_stored_as_pdf_and_downloaded_as_pdf_attachment(client, item, people, name):
    client.force_login(people["resident"])
    material = item.materials.first()
    client.post(reverse("services:request_create", args=["mz-test"]),
                {f"material_{material.pk}": _upload(name, make_pdf())})
    attachment = ServiceRequest.objects.get().attachments.get()
    assert attachment.file.name.endswith(".pdf") and attachment.original_name == name

    client.force_login(people["window"])
    response = _download(client, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("name", "data"), [
    ("evil.html", b"%PDF-1.4\n" + SCRIPT), ("evil.svg", SVG), ("evil.html", SCRIPT),
])
def test_html_svg_or_fake_pdf_material_is_refused_on_its_field(client, item, people, name, data):
    client.force_login(people["resident"])
    material = item.materials.first()
    response = client.post(reverse("services:request_create", args=["mz-test"]), {
        "description": "请保留这段文字", f"material_{material.pk}": _upload(name, data)})
    assert response.status_code == 200 and not ServiceRequest.objects.exists()
    errors = " ".join(response.context["form"].errors[f"material_{material.pk}"])
    assert name in errors and ("不是有效的 PDF 文件" in errors or "既不是图片也不是 PDF 文件" in errors)


def test_fake_pdf_material_is_refused_by_the_api(api_client, item, people, territory):
    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    api_client.force_authenticate(people["resident"])
    url = f"/api/v1/service-requests/{request.pk}/materials/"
    response = api_client.post(url, {"file": _upload("evil.html", b"%PDF-1.4\n" + SCRIPT)}, format="multipart")
    assert response.status_code == 400 and "不是有效的 PDF 文件" in str(response.json())
    assert not request.attachments.exists()
    response = api_client.post(url, {"file": _upload("evil.html", make_pdf())}, format="multipart")
    assert response.status_code == 201 and request.attachments.get().file.name.endswith(".pdf")


@pytest.fixture
def request_row(item, people, territory):
    return services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                   community=territory["a1"])


def _old_row(request_row, people, stored_name, data, original):
    """A row as an older release stored it: the client's extension on disk and in the original name."""
    name = default_storage.save(f"materials/{stored_name}", ContentFile(data))
    return RequestAttachment.objects.create(request=request_row, file=name, original_name=original,
                                            uploaded_by=people["resident"])


def test_old_row_with_html_name_holding_a_pdf_is_served_as_pdf_attachment(client, request_row, people):
    row = _old_row(request_row, people, "x.html", make_pdf(), "evil.html")
    assert row.file.name.endswith(".html")
    client.force_login(people["window"])
    response = _download(client, row)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'


def test_old_row_holding_html_is_served_as_octet_stream_attachment(client, request_row, people):
    row = _old_row(request_row, people, "x.html", SCRIPT, "evil.html")
    client.force_login(people["window"])
    response = _download(client, row)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="evil.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_material_missing_on_disk_is_404(client, request_row, people):
    row = _old_row(request_row, people, "x.pdf", make_pdf(), "户口簿.pdf")
    row.file.storage.delete(row.file.name)
    client.force_login(people["window"])
    assert _download(client, row).status_code == 404


def test_chinese_original_name_is_kept_in_the_download_name(client, request_row, people):
    row = _old_row(request_row, people, "x.pdf", make_pdf(), "户口簿.jpg")
    client.force_login(people["resident"])
    response = _download(client, row)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E6%88%B7%E5%8F%A3%E7%B0%BF.pdf"


def test_another_resident_cannot_download_a_material(client, request_row, people):
    row = _old_row(request_row, people, "x.pdf", make_pdf(), "户口簿.pdf")
    client.force_login(people["other_resident"])
    assert _download(client, row).status_code == 404
