import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from grid.importing import guess_mapping, import_apply, import_check, import_upload
from grid.models import Household, ImportBatch, Resident
from taijiang.core.crypto import lookup_hash
from taijiang.core.exceptions import InvalidTransition, NotAllowed
from tests.grid.factories import high_risk_tag, valid_id

pytestmark = pytest.mark.django_db

HEADERS = ["楼栋", "门牌号", "姓名", "身份证号", "联系电话", "出生日期", "性别", "与户主关系", "标签"]


def _xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("名册.xlsx", out.getvalue())


@pytest.fixture
def rows(reg):
    high_risk_tag()
    good1 = valid_id(datetime.date(1941, 4, 5), serial=3, male=False)
    good2 = valid_id(datetime.date(1985, 7, 8), serial=4, male=True)
    return {
        "good1": good1, "good2": good2,
        "rows": [
            ["1号楼", "301", "吴桂香", good1, "13700001111", datetime.date(1941, 4, 5), "女", "户主", "独居老人"],
            ["2号楼", "202", "余志强", good2, "", "", "男", "户主", ""],
            ["1号楼", "302", "坏校验", good1[:-1] + ("0" if good1[-1] != "0" else "1"), "", "", "", "", ""],
            ["9号楼", "303", "无此楼", valid_id(datetime.date(1990, 1, 1), serial=5), "123", "", "", "", "外星人"],
            ["1号楼", "304", "重复号", good1, "", "", "", "", ""],
            ["1号楼", "", "缺项", "", "", "", "", "", ""],
            ["1号楼", "306", "生日错", valid_id(datetime.date(1950, 2, 2), serial=6), "", "1950-02-03", "", "", ""],
        ],
    }


def test_mapping_is_guessed_from_chinese_headers():
    mapping = guess_mapping(["序号", "姓名", "公民身份号码", "手机号码", "楼号", "房号", "人员类别"])
    assert mapping == {"name": "姓名", "id_number": "公民身份号码", "phone": "手机号码", "building": "楼号",
                       "door_number": "房号", "tags": "人员类别"}


def test_dry_run_reports_every_bad_row_and_column_and_writes_nothing(reg, rows):
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"]))
    residents_before, households_before = Resident.objects.count(), Household.objects.count()
    batch = import_check(actor=reg["admin_a1"], batch=batch, mapping=batch.mapping)
    errors = {(e["row"], e["column"]) for e in batch.report["errors"]}
    assert (4, "身份证号") in errors  # wrong check digit
    assert {(5, "楼栋"), (5, "联系电话"), (5, "标签")} <= errors
    assert (6, "身份证号") in errors  # duplicate of row 2 within the file
    assert {(7, "身份证号"), (7, "门牌号")} <= errors  # required but empty
    assert (8, "出生日期") in errors  # does not match the ID number
    messages = " ".join(e["message"] for e in batch.report["errors"])
    assert "校验位不正确" in messages and "没有名为“9号楼”的楼栋" in messages and "外星人" in messages
    assert "与第 2 行的身份证号重复" in messages
    assert batch.report["valid"] == 2 and batch.report["bad_rows"] == 5 and batch.report["new"] == 2
    assert Resident.objects.count() == residents_before and Household.objects.count() == households_before


def test_apply_writes_valid_rows_and_is_idempotent_on_id_number(reg, rows):
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"]))
    batch = import_apply(actor=reg["admin_a1"], batch=import_check(actor=reg["admin_a1"], batch=batch,
                                                                  mapping=batch.mapping))
    assert (batch.status, batch.created_count, batch.updated_count) == ("applied", 2, 0)
    wu = Resident.objects.get(id_number_hash=lookup_hash(rows["good1"]))
    assert wu.name == "吴桂香" and wu.sex == "F" and wu.phone == "13700001111"
    assert [t.name for t in wu.tags.all()] == ["独居老人"] and wu.household.risk_rank == 1
    yu = Resident.objects.get(id_number_hash=lookup_hash(rows["good2"]))
    assert yu.birth_date == datetime.date(1985, 7, 8) and yu.household.building == reg["b_g2"]
    # The same people again, one moved to another door: updated, not duplicated.
    again = [["1号楼", "305", "吴桂香", rows["good1"], "13700002222", "", "女", "户主", "独居老人"]]
    batch2 = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(again))
    batch2 = import_check(actor=reg["admin_a1"], batch=batch2, mapping=batch2.mapping)
    assert batch2.report["updates"] == 1
    batch2 = import_apply(actor=reg["admin_a1"], batch=batch2)
    assert (batch2.created_count, batch2.updated_count) == (0, 1)
    assert Resident.objects.filter(id_number_hash=lookup_hash(rows["good1"])).count() == 1
    wu.refresh_from_db()
    assert wu.household.door_number == "305" and wu.phone == "13700002222"
    with pytest.raises(InvalidTransition):
        import_apply(actor=reg["admin_a1"], batch=batch2)


def test_csv_in_gbk_is_read(reg, rows):
    text = ",".join(HEADERS) + "\n" + f"1号楼,401,许美华,{rows['good2']},,,,户主,\n"
    upload = SimpleUploadedFile("名册.csv", text.encode("gb18030"))
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=upload)
    batch = import_check(actor=reg["admin_a1"], batch=batch, mapping=batch.mapping)
    assert batch.report["valid"] == 1 and batch.report["errors"] == []


def test_missing_required_mapping_is_refused(reg, rows):
    from django.core.exceptions import ValidationError

    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"]))
    with pytest.raises(ValidationError, match="身份证号"):
        import_check(actor=reg["admin_a1"], batch=batch, mapping={"name": "姓名", "building": "楼栋",
                                                                  "door_number": "门牌号"})


def test_only_community_admin_of_that_community_imports(reg, rows):
    with pytest.raises(NotAllowed):
        import_upload(actor=reg["worker1"], community=reg["a1"], uploaded=_xlsx(rows["rows"]))
    with pytest.raises(NotAllowed):
        import_upload(actor=reg["admin_a2"], community=reg["a1"], uploaded=_xlsx(rows["rows"]))


def test_import_journey_through_pages(client, reg, rows):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:import_upload"), {"community": reg["a1"].pk, "file": _xlsx(rows["rows"])})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("grid:import_mapping", args=[batch.pk])
    page = client.get(response["Location"])
    assert page.context["form"]["id_number"].initial == "身份证号"
    response = client.post(response["Location"], dict(batch.mapping))
    report = client.get(response["Location"]).content.decode()
    assert "校验位不正确" in report and "确认导入 2 行" in report
    assert Resident.objects.count() == 3
    response = client.post(reverse("grid:import_report", args=[batch.pk]), {"action": "apply"})
    assert Resident.objects.count() == 5
    assert "已导入" in client.get(response["Location"]).content.decode()


def test_import_of_other_community_batch_is_404(client, reg, rows):
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"]))
    client.force_login(reg["admin_a2"])
    assert client.get(reverse("grid:import_report", args=[batch.pk])).status_code == 404


def test_bad_file_is_a_form_error(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:import_upload"), {"community": reg["a1"].pk,
                                                           "file": SimpleUploadedFile("x.txt", b"hello")})
    assert "只支持 .xlsx 或 .csv" in " ".join(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()


def test_export_columns_match_import_headers(client, reg):
    client.force_login(reg["admin_a1"])
    sheet = load_workbook(io.BytesIO(client.get(reverse("grid:export")).content)).active
    headers = [c.value for c in sheet[1]]
    assert guess_mapping(headers).keys() >= {"building", "door_number", "name", "id_number", "phone", "tags"}


@pytest.mark.parametrize(("current", "target"), [
    ("uploaded", "applied"), ("applied", "checked"), ("applied", "applied"), ("applied", "discarded"),
    ("discarded", "checked"), ("discarded", "applied"),
])
def test_every_forbidden_import_step_is_refused(reg, rows, current, target):
    from grid.importing import import_discard

    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"][:2]))
    ImportBatch.objects.filter(pk=batch.pk).update(status=current)
    batch.refresh_from_db()
    step = {"checked": lambda: import_check(actor=reg["admin_a1"], batch=batch, mapping=batch.mapping),
            "applied": lambda: import_apply(actor=reg["admin_a1"], batch=batch),
            "discarded": lambda: import_discard(actor=reg["admin_a1"], batch=batch)}[target]
    with pytest.raises(InvalidTransition):
        step()
    assert Resident.objects.count() == 3


def test_sheet_file_is_deleted_once_applied(reg, rows, django_capture_on_commit_callbacks):
    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"][:2]))
    storage, name = batch.file.storage, batch.file.name
    assert storage.exists(name)
    batch = import_check(actor=reg["admin_a1"], batch=batch, mapping=batch.mapping)
    with django_capture_on_commit_callbacks(execute=True):
        import_apply(actor=reg["admin_a1"], batch=batch)
    assert not storage.exists(name)


def test_stale_pending_imports_are_purged(reg, rows, time_machine):
    from grid.importing import purge_stale_imports
    from grid.tasks import purge_stale_imports as task

    batch = import_upload(actor=reg["admin_a1"], community=reg["a1"], uploaded=_xlsx(rows["rows"][:2]))
    assert task.delay().get() == 0  # too recent
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    assert purge_stale_imports() == 1 and purge_stale_imports() == 0
    batch.refresh_from_db()
    assert batch.status == "discarded" and not batch.file.storage.exists(batch.file.name)
