"""Spreadsheet import of the household register: read, guess the column mapping, dry-run, apply.

Nothing is written before `import_apply`: `import_check` only validates every row and stores a
report naming each bad row (spreadsheet row number) and column with the reason. Applying is one
transaction and idempotent on the ID number (lookup hash): a resident already registered is
updated and moved to the row's household, never duplicated.
"""

import csv
import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taijiang.core.crypto import lookup_hash
from taijiang.core.exceptions import DomainError, NotAllowed
from taijiang.core.uploads import CSV, MAX_SPREADSHEET_BYTES, XLSX, clean_spreadsheet, decode_csv, spreadsheet_type
from taijiang.users.scope import scope_for

from .models import Building, Household, ImportBatch, Resident, ResidentEvent
from .permissions import can_import
from .services.policy import refresh_household
from .services.registry import tags_by_name
from .validation import clean_personal_fields
from .workflow import IMPORT_FLOW

# Target field -> (label, header spellings seen in grid workers' spreadsheets).
FIELDS = {
    "building": (gettext_lazy("楼栋"), ("楼栋", "楼号", "楼宇", "楼栋名称", "所在楼栋")),
    "door_number": (gettext_lazy("门牌号"), ("门牌号", "门牌", "房号", "室号", "户号")),
    "name": (gettext_lazy("姓名"), ("姓名", "名字", "居民姓名")),
    "id_number": (gettext_lazy("身份证号"), ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证")),
    "phone": (gettext_lazy("联系电话"), ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式")),
    "sex": (gettext_lazy("性别"), ("性别",)),
    "birth_date": (gettext_lazy("出生日期"), ("出生日期", "生日", "出生年月日")),
    "relation_to_head": (gettext_lazy("与户主关系"), ("与户主关系", "关系", "户主关系")),
    "ethnicity": (gettext_lazy("民族"), ("民族",)),
    "political_status": (gettext_lazy("政治面貌"), ("政治面貌",)),
    "tags": (gettext_lazy("标签"), ("标签", "人员标签", "人员类别", "特殊人群")),
    "living_situation": (gettext_lazy("居住状况"), ("居住状况",)),
}
REQUIRED = ("building", "door_number", "name", "id_number")
SEX_VALUES = {"男": "M", "女": "F", "M": "M", "F": "F", "m": "M", "f": "F"}
TAG_SPLIT = re.compile(r"[、,，;；/\s]+")
MAX_ROWS = 5000


def read_table(uploaded) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (as text) of an .xlsx or .csv file; raises DomainError when unreadable.
    The format is decided by the content (taijiang.core.uploads.spreadsheet_type), never the name."""
    uploaded.seek(0)
    data = uploaded.read(MAX_SPREADSHEET_BYTES + 1)
    if len(data) > MAX_SPREADSHEET_BYTES:
        raise DomainError(_("文件太大（最大 %(limit)d MB）。") % {"limit": MAX_SPREADSHEET_BYTES // (1024 * 1024)},
                          field="file")
    file_type = spreadsheet_type(data)
    if file_type is XLSX:
        rows = _read_xlsx(data)
    elif file_type is CSV:
        rows = _read_csv(data)
    else:
        raise DomainError(_("只支持 .xlsx 或 .csv 文件。"), field="file")
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DomainError(_("文件中没有数据。"), field="file")
    if len(rows) > MAX_ROWS + 1:
        raise DomainError(_("一次最多导入 %(n)d 行，请拆分文件。") % {"n": MAX_ROWS}, field="file")
    headers = [h.strip() for h in rows[0]]
    return headers, [row + [""] * (len(headers) - len(row)) for row in rows[1:]]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DomainError(_("无法读取该 Excel 文件，请确认是 .xlsx 格式。"), field="file") from exc
    sheet = workbook.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    text = decode_csv(data)
    if text is None:
        raise DomainError(_("无法识别 CSV 文件的编码（支持 UTF-8 和 GBK）。"), field="file")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def guess_mapping(headers: list[str]) -> dict[str, str]:
    mapping = {}
    for target, (_label, spellings) in FIELDS.items():
        for header in headers:
            if header in spellings and header not in mapping.values():
                mapping[target] = header
                break
    return mapping


def _parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def validate_rows(headers, rows, mapping, community) -> tuple[list[dict], list[dict]]:
    """(valid rows as dicts, errors [{row, column, message}]). Row numbers are the spreadsheet's."""
    index = {target: headers.index(header) for target, header in mapping.items() if header in headers}
    buildings = {b.name: b for b in Building.objects.filter(grid__community=community)}
    errors, valid, seen = [], [], {}
    for offset, raw in enumerate(rows):
        number = offset + 2  # row 1 is the header

        def value(target, raw=raw):
            return raw[index[target]].strip() if target in index else ""

        def error(target, message, number=number):
            errors.append({"row": number, "column": mapping.get(target, str(FIELDS[target][0])),
                           "message": str(message)})

        row_errors = len(errors)
        data = {target: value(target) for target in FIELDS}
        for target in REQUIRED:
            if not data[target]:
                error(target, _("必填项为空。"))
        if data["building"] and data["building"] not in buildings:
            error("building", _("本社区没有名为“%(name)s”的楼栋。") % {"name": data["building"]})
        sex = ""
        if data["sex"]:
            sex = SEX_VALUES.get(data["sex"], "")
            if not sex:
                error("sex", _("性别只能填“男”或“女”。"))
        birth = None
        if data["birth_date"]:
            try:
                birth = _parse_date(data["birth_date"])
            except ValueError:
                error("birth_date", _("无法识别的日期“%(value)s”，请用 1950-03-01 的格式。") % {"value": data["birth_date"]})
        tags, unknown = tags_by_name(TAG_SPLIT.split(data["tags"])) if data["tags"] else ([], [])
        if unknown:
            error("tags", _("未知的标签：%(names)s。") % {"names": "、".join(unknown)})
        living = ""
        if data["living_situation"]:
            labels = {str(label): key for key, label in Household.LivingSituation.choices}
            living = labels.get(data["living_situation"], "")
            if not living:
                error("living_situation", _("居住状况只能是：%(values)s。") % {"values": "、".join(labels)})
        if data["id_number"]:
            try:
                personal = clean_personal_fields(id_number=data["id_number"], phone=data["phone"],
                                                 birth_date=birth, sex=sex)
            except ValidationError as exc:
                for target, messages in exc.message_dict.items():
                    error(target, " ".join(messages))
                personal = None
            if personal and personal["id_number"] in seen:
                error("id_number", _("与第 %(row)d 行的身份证号重复。") % {"row": seen[personal["id_number"]]})
            elif personal:
                seen[personal["id_number"]] = number
        else:
            personal = None
        if len(errors) == row_errors and personal:
            valid.append({
                "row": number, "building": buildings[data["building"]], "door_number": data["door_number"],
                "name": data["name"], "tags": tags if "tags" in index else None, "living_situation": living,
                "relation_to_head": data["relation_to_head"], "ethnicity": data["ethnicity"],
                "political_status": data["political_status"], **personal,
            })
    return valid, errors


def _ensure_can_import(actor, community) -> None:
    if not can_import(actor) or not scope_for(actor).covers(community):
        raise NotAllowed(_("只有本社区的管理员可以导入住户档案。"))


def import_upload(*, actor, community, uploaded) -> ImportBatch:
    _ensure_can_import(actor, community)
    try:
        content = clean_spreadsheet(uploaded)  # judged by content; stored as <random>.xlsx/.csv
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="file") from exc
    headers, _rows = read_table(content)
    batch = ImportBatch(community=community, uploaded_by=actor, original_name=uploaded.name[:200],
                        headers=headers, mapping=guess_mapping(headers))
    batch.file.save(content.name, content, save=False)
    batch.save()
    return batch


def import_check(*, actor, batch: ImportBatch, mapping: dict) -> ImportBatch:
    """The dry run: validate every row with this mapping, store the report, write nothing else."""
    _ensure_can_import(actor, batch.community)
    IMPORT_FLOW.check(batch.status, ImportBatch.Status.CHECKED)
    mapping = {k: v for k, v in mapping.items() if k in FIELDS and v in batch.headers}
    missing = [str(FIELDS[t][0]) for t in REQUIRED if t not in mapping]
    if missing:
        raise ValidationError({"mapping": _("请为以下必填项选择列：%(fields)s。") % {"fields": "、".join(missing)}})
    with batch.file.open("rb") as handle:
        headers, rows = read_table(handle)
    valid, errors = validate_rows(headers, rows, mapping, batch.community)
    existing = set(Resident.objects.filter(id_number_hash__in=[lookup_hash(r["id_number"]) for r in valid])
                   .values_list("id_number_hash", flat=True))
    updates = sum(1 for r in valid if lookup_hash(r["id_number"]) in existing)
    batch.mapping = mapping
    batch.report = {"rows": len(rows), "valid": len(valid), "errors": errors, "new": len(valid) - updates,
                    "updates": updates, "bad_rows": len({e["row"] for e in errors})}
    batch.status = ImportBatch.Status.CHECKED
    batch.save(update_fields=["mapping", "report", "status"])
    return batch


@transaction.atomic
def import_apply(*, actor, batch: ImportBatch) -> ImportBatch:
    """Write the valid rows of a checked batch (bad rows are skipped, as the report said)."""
    _ensure_can_import(actor, batch.community)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    IMPORT_FLOW.check(batch.status, ImportBatch.Status.APPLIED)
    with batch.file.open("rb") as handle:
        headers, rows = read_table(handle)
    valid, _errors = validate_rows(headers, rows, batch.mapping, batch.community)
    created = updated = 0
    touched: dict[int, Household] = {}
    today = timezone.localdate()
    for row in valid:
        household, _new = Household.objects.get_or_create(building=row["building"], door_number=row["door_number"])
        if row["living_situation"]:
            household.living_situation = row["living_situation"]
            household.save(update_fields=["living_situation", "updated_at"])
        resident = Resident.objects.filter(id_number_hash=lookup_hash(row["id_number"])).first()
        fields = {k: row[k] for k in ("name", "sex", "birth_date", "id_number", "phone", "relation_to_head",
                                      "political_status")}
        if row["ethnicity"]:
            fields["ethnicity"] = row["ethnicity"]
        if resident is None:
            resident = Resident.objects.create(household=household, **fields)
            ResidentEvent.objects.create(resident=resident, kind=ResidentEvent.Kind.MOVED_IN, date=today,
                                         note=_("表格导入"), recorded_by=actor)
            created += 1
        else:
            if resident.household_id != household.pk:
                touched[resident.household_id] = resident.household
            for key, val in fields.items():
                if val or key in ("name", "sex", "id_number"):
                    setattr(resident, key, val)
            resident.household = household
            resident.save()
            updated += 1
        if row["tags"] is not None:
            resident.tags.set(row["tags"])
        touched[household.pk] = household
    for household in touched.values():
        refresh_household(household)
    batch.status = ImportBatch.Status.APPLIED
    batch.created_count, batch.updated_count = created, updated
    batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "created_count", "updated_count", "applied_at"])
    # The sheet holds plaintext ID numbers: once its rows are in the register it goes.
    name, storage = batch.file.name, batch.file.storage
    transaction.on_commit(lambda: storage.delete(name))
    return batch


def import_discard(*, actor, batch: ImportBatch) -> ImportBatch:
    _ensure_can_import(actor, batch.community)
    IMPORT_FLOW.check(batch.status, ImportBatch.Status.DISCARDED)
    batch.status = ImportBatch.Status.DISCARDED
    batch.save(update_fields=["status"])
    batch.file.storage.delete(batch.file.name)
    return batch


STALE_AFTER = datetime.timedelta(days=7)


def purge_stale_imports(*, now=None) -> int:
    """Discard imports left pending for a week and delete their files (daily task; idempotent)."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = ImportBatch.objects.filter(status__in=[ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED],
                                       created_at__lt=cutoff)
    count = 0
    for batch in stale:
        batch.file.storage.delete(batch.file.name)
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])
        count += 1
    return count
