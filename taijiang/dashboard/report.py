"""The monthly report per community and street: a printable page and the same page as a PDF.

The charts are SVG drawn here on the server (WeasyPrint runs no JavaScript), from the same
selectors as the dashboard, so the report's numbers are the dashboard's for that month.
"""

import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.safestring import mark_safe

from . import selectors
from .filters import Period
from .kpis import CASES, TICKETS, TIMES


def month_period(month: datetime.date) -> Period:
    first = month.replace(day=1)
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return Period(first, last)


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """`YYYY-MM` → its first day; anything else → the month before `today`."""
    from taijiang.core.http import parse_date

    day = parse_date(f"{value}-01") if isinstance(value, str) and len(value) == 7 else None
    return day if day is not None and day <= today else previous_month(today)


def bar_svg(labels: list[str], values: list, *, width: int = 640, height: int = 180, unit: str = "") -> str:
    """A plain bar chart as an SVG string (text escaped; no script, no external reference)."""
    values = [v or 0 for v in values]
    top = max(values) if values and max(values) > 0 else 1
    n = max(len(values), 1)
    slot = (width - 40) / n
    bar = max(slot * 0.6, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="10">',
             f'<line x1="30" y1="{height - 30}" x2="{width - 5}" y2="{height - 30}" stroke="#999"/>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (height - 50) * value / top
        x = 35 + i * slot
        y = height - 30 - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#0d6efd"/>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{escape(str(value))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 16}" text-anchor="middle">{escape(str(label))}</text>')
    if unit:
        parts.append(f'<text x="2" y="12">{escape(unit)}</text>')
    parts.append("</svg>")
    # Every text inside was escaped above; the markup itself is ours.
    return mark_safe("".join(parts))  # noqa: S308


def monthly_report(*, territory, month: datetime.date) -> dict:
    period = month_period(month)
    today = timezone.localdate()
    figures = selectors.overview(territory=territory, period=period, today=today)
    figures["reform"] = selectors.reform_section(territory, period, today)
    rows = selectors.comparison_rows(territory=territory, period=period, today=today)
    appeals = figures["appeals"]["chart"]
    hours = figures["services"]["chart"]
    weeks = figures["coverage"]["chart"]
    months = figures["reform"]["months"]
    collected = next(s["data"] for s in months["series"] if s["metric"] == "collected")
    return {
        "territory": territory, "period": period, "month": month, "figures": figures, "rows": rows,
        "svgs": {
            "categories": bar_svg(appeals["labels"][:10], appeals["values"][:10], unit=str(CASES)),
            "hours": bar_svg(hours["labels"], hours["values"], unit=str(TICKETS)),
            "weeks": bar_svg(weeks["labels"], weeks["values"], unit=str(TIMES)),
            "months": bar_svg([label[2:] for label in months["labels"]], collected, unit=str(CASES)),
        },
    }


def render_html(context: dict) -> str:
    from django.template.loader import render_to_string

    return render_to_string("dashboard/report_print.html", context)


class PdfUnavailable(Exception):
    """WeasyPrint needs the system's pango library; a machine without it can still print the HTML page."""


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401  (importing loads pango: OSError when it is missing)
    except (ImportError, OSError):
        return False
    return True


def render_pdf(context: dict, *, base_url: str | None = None) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return HTML(string=render_html(context), base_url=base_url).write_pdf()
