"""Home pages per role, the resident's “我的” page and the admins' data overview.

Reads every app, owns no domain data.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from taijiang.core.access import login_required
from taijiang.core.http import parse_id
from taijiang.core.portal import home_cards_for, mine_sections_for, nav_items_for

from . import selectors
from .exporting import TABLES, rows_to_csv, rows_to_xlsx
from .filters import PRESETS, parse_period, resolve_territory, url_query
from .kpis import KPIS
from .links import appeal_status_link, heatmap_links, item_link, list_links
from .permissions import dashboard_scope
from .rota_figures import coverage_gaps


def home(request):
    user = request.user
    if not user.is_authenticated:
        tiles = [item for item in nav_items_for(user) if item.tile]
        return render(request, "dashboard/home_public.html", {"tiles": tiles})
    if user.is_resident:
        tiles = [item for item in nav_items_for(user) if item.tile]
        return render(request, "dashboard/home_resident.html", {"tiles": tiles, "cards": home_cards_for(user)})
    return render(request, "dashboard/home_staff.html", {"cards": home_cards_for(user)})


@login_required
def mine(request):
    return render(request, "dashboard/mine.html", {"sections": mine_sections_for(request.user)})


def _filters(request):
    """Scope check, territory and period from the URL; a warning message for unusable dates."""
    scope = dashboard_scope(request.user)
    territory = resolve_territory(request.GET, scope)
    period, warning = parse_period(request.GET, timezone.localdate())
    if warning:
        messages.warning(request, warning)
    return scope, territory, period


def _change(now, before):
    if now is None or before is None:
        return None
    return round(now - before, 1)


@login_required
def overview(request):
    scope, territory, period = _filters(request)
    today = timezone.localdate()
    room, function = parse_id(request.GET.get("room")), request.GET.get("function") or None
    figures = selectors.overview(territory=territory, period=period, today=today, room=room, function=function)
    previous = period.previous()
    head_now = {"appeals": figures["appeals"]["total"], "appeals_on_time_rate": figures["appeals"]["on_time_rate"],
                "tickets": figures["services"]["queue"]["tickets"], "visits": figures["coverage"]["visits"]}
    head_before = selectors.headline(territory=territory, period=previous)
    comparison = [(key, head_now[key], head_before[key], _change(head_now[key], head_before[key]))
                  for key in ("appeals", "appeals_on_time_rate", "tickets", "visits")]
    rows = selectors.comparison_rows(territory=territory, period=period, today=today,
                                     coverage_rows=figures["coverage"]["rows"] if territory.grid is None else None)
    grids = selectors.grid_rows(territory=territory, period=period, today=today)
    place = territory.query()
    links = list_links(territory, period)
    status_links = {row["status"]: appeal_status_link(territory, period, row["status"])
                    for row in figures["appeals"]["status_rows"]}
    status_links["any"] = appeal_status_link(territory, period, "any")
    heat = figures["spaces"]["heatmap"]
    heat["links"] = heatmap_links(territory, period, heat, room=figures["spaces"]["heatmap_room"],
                                  function=figures["spaces"]["heatmap_function"])
    for row in figures["services"]["by_item"]:
        row["href"] = item_link(territory, period, row["item"])
    category_chart = figures["appeals"]["chart"]
    category_chart["links"] = [appeal_status_link(territory, period, "any") + f"&category={pk}" if pk else None
                               for pk in category_chart["categories"]]
    charts = {
        "categories": category_chart,
        "hours": figures["services"]["chart"],
        "weeks": figures["coverage"]["chart"],
        "trend": figures["trend"],
        "heatmap": figures["spaces"]["heatmap"],
        "months": figures["reform"]["months"],
        "drill": [{"label": str(r["community"]), "href": "?" + url_query(r["drill"], period.query())}
                  for r in rows],
    }
    return render(request, "dashboard/overview.html", {
        "period": period, "previous": previous, "presets": PRESETS, "territory": territory,
        "crumbs": [(label, url_query(q, period.query())) for label, q in territory.breadcrumbs(scope.level)],
        "figures": figures, "rows": rows, "grid_rows": grids, "comparison": comparison,
        "kpis": KPIS, "links": links, "status_links": status_links, "charts": charts,
        "period_query": url_query(period.query()), "place_query": url_query(place),
        "filter_query": url_query(place, period.query()),
        "scope_level": scope.level,
        "heatmap_query": url_query(place, period.query()),
        "rota_gaps": coverage_gaps(communities=territory.communities, today=today),
    })


def _export_rows(request):
    """The table asked for by `?table=` (default: the comparison table) with the page's filters."""
    scope, territory, period = _filters(request)
    today = timezone.localdate()
    kind = request.GET.get("table") if request.GET.get("table") in TABLES else "children"
    if kind == "items":
        return territory, period, selectors.item_rows(territory.community_ids, period), kind
    if kind == "functions":
        return territory, period, selectors.function_rows(territory, period), kind
    rows = selectors.comparison_rows(territory=territory, period=period, today=today)
    if not rows:  # community or grid level: the territory's own row
        rows = selectors.community_rows(communities=territory.communities, period=period, today=today)
    return territory, period, rows, kind


def _export_name(period, kind, extension):
    suffix = "" if kind == "children" else f"-{kind}"
    return f"dashboard{suffix}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.{extension}"


@login_required
def export(request):
    territory, period, rows, kind = _export_rows(request)
    response = HttpResponse(rows_to_csv(rows, period=period, territory=territory, kind=kind).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    filename = _export_name(period, kind, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_xlsx(request):
    territory, period, rows, kind = _export_rows(request)
    response = HttpResponse(rows_to_xlsx(rows, period=period, territory=territory, kind=kind),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = _export_name(period, kind, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report_context(request):
    from .report import monthly_report, parse_month

    scope = dashboard_scope(request.user)
    territory = resolve_territory(request.GET, scope)
    month = parse_month(request.GET.get("month"), timezone.localdate())
    context = monthly_report(territory=territory, month=month)
    context["kpis"] = KPIS
    context["place_query"] = url_query(territory.query())
    return context


@login_required
def report(request):
    """The monthly report as a printable page (`?month=YYYY-MM`, default last month)."""
    return render(request, "dashboard/report.html", _report_context(request))


@login_required
def report_pdf(request):
    """The same report as a PDF (WeasyPrint; the charts are server-rendered SVG)."""
    from .report import PdfUnavailable, render_pdf

    context = _report_context(request)
    try:
        pdf = render_pdf(context, base_url=request.build_absolute_uri("/"))
    except PdfUnavailable:
        # e.g. `make run` on a machine without pango: say so and point to the printable page
        return render(request, "errors/503_pdf.html", {
            "print_url": reverse("dashboard:report") + "?" + request.GET.urlencode()}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{context["month"]:%Y-%m}.pdf"'
    return response
