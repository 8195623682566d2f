"""Export of the register to XLSX, in the import's column layout (so a sheet can round-trip).

Masked by default. Full values only for users allowed to reveal (grid workers, community
admins), with a reason; every exported resident gets an access-log row.
"""

import io

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from taijiang.core.spreadsheets import append_text_row

from .services.access import log_full_export

HEADERS = ["楼栋", "门牌号", "姓名", "性别", "出生日期", "身份证号", "联系电话", "与户主关系", "民族", "政治面貌",
           "标签", "居住状况", "状态"]


def export_residents_xlsx(*, actor, residents, full: bool = False, reason: str = "",
                          ip_address: str | None = None) -> bytes:
    residents = list(residents.select_related("household__building").prefetch_related("tags")
                     .order_by("household__building__name", "household__door_number", "pk"))
    with transaction.atomic():
        if full:
            log_full_export(actor=actor, residents=residents, reason=reason, ip_address=ip_address)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "住户档案"
        sheet.append(HEADERS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r in residents:
            household = r.household
            append_text_row(sheet, [
                household.building.name, household.door_number, r.name, r.get_sex_display(),
                r.birth_date.isoformat() if r.birth_date else "",
                r.id_number if full else r.masked_id_number, r.phone if full else r.masked_phone,
                r.relation_to_head, r.ethnicity, r.political_status, "、".join(t.name for t in r.tags.all()),
                household.get_living_situation_display(), r.get_status_display(),
            ])
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()

