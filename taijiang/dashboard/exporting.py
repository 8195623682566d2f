"""The comparison table as CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX.

Both are written from `table()`, the same cells the page shows: rates are percentages (0–100,
one decimal) in every format, each column header carries its unit, and an empty figure ("—" on
the page) is an empty cell. Text that looks like a formula is written as text (spreadsheets.py).
"""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from taijiang.core.spreadsheets import append_text_row, csv_text

from .kpis import KPIS

COLUMNS = ["appeals", "appeals_resolved", "appeals_on_time_rate", "appeals_overdue_now", "tickets", "tickets_served",
           "wait_p50", "requests", "requests_on_time_rate", "households", "coverage_percent", "coverage_target",
           "overdue_high_risk", "bookings_held"]


ITEM_COLUMNS = ["tickets", "tickets_served", "tickets_no_show", "avg_wait_minutes", "avg_service_minutes"]

# table name (`?table=` of the export URLs) -> (the row's name key, its columns, the first header)
TABLES = {
    "children": ("community", COLUMNS, _lazy("名称")),
    "items": ("name", ITEM_COLUMNS, _lazy("事项")),
    "functions": ("name", ["function_rooms", "function_hours"], _lazy("月份 · 功能")),
}


def header(kind: str = "children") -> list[str]:
    _name, columns, first = TABLES[kind]
    return [str(first)] + [KPIS[key].heading for key in columns]


def table(rows: list[dict], kind: str = "children") -> list[list]:
    """The rows as cells: the name, then each column's value (None stays None)."""
    name, columns, _first = TABLES[kind]
    return [[str(row[name])] + [row[key] for key in columns] for row in rows]


def _intro(period, territory) -> list[list[str]]:
    return [[_("统计区间"), f"{period.date_from:%Y-%m-%d}", f"{period.date_to:%Y-%m-%d}"],
            [_("范围"), territory.label if territory is not None else ""]]


def rows_to_csv(rows: list[dict], *, period, territory=None, kind: str = "children") -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerows(_intro(period, territory))
    writer.writerow(header(kind))
    for cells in table(rows, kind):
        writer.writerow([csv_text(cell) for cell in cells])
    return out.getvalue()


def rows_to_xlsx(rows: list[dict], *, period, territory=None, kind: str = "children") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("数据看板")[:31]
    for line in _intro(period, territory):
        append_text_row(sheet, line)
    append_text_row(sheet, header(kind))
    for cells in table(rows, kind):
        append_text_row(sheet, cells)
    sheet.column_dimensions["A"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
