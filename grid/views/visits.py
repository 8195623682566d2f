"""The phone pages: due list, log a visit (works offline through the API), visit detail, photo."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.http import parse_id
from taijiang.core.pages import attempt
from taijiang.core.uploads import serve_upload
from taijiang.users.auth import token_accepted

from .. import selectors, services
from ..forms import VisitForm
from ..handoff import default_resident, visit_follow_ups, visit_handoff_links
from ..models import Resident
from ..permissions import VISITOR_ROLES
from ..services.visits import OBSERVATIONS
from .common import register_page

DUE_PAGE_SIZE = 50  # a worker's phone on a poor signal: a page of households, not the whole grid


@register_page
def due_list(request):
    today = timezone.localdate()
    due = selectors.households_due_for_visit(request.user, today, horizon_days=7)
    page = Paginator(selectors.by_due_section(due, today), DUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grid/due_list.html", {
        "page": page, "counts": selectors.due_counts(due, today), "today": today,
        "can_visit": request.user.role in VISITOR_ROLES,
    })


def _visit_households(user):
    return selectors.households_visible_to(user).filter(is_active=True)


@register_page
def visit_create(request):
    if request.user.role not in VISITOR_ROLES:
        raise PermissionDenied(_("只有网格员和社区管理员可以登记走访。"))
    households = _visit_households(request.user)
    preselected = None
    if request.GET.get("household"):
        pk = parse_id(request.GET["household"])
        preselected = households.filter(pk=pk).first() if pk else None
        if preselected is None:
            raise Http404(_("找不到该住户，或不在您的网格内。"))
    form = VisitForm(request.POST or None, request.FILES or None, households=households,
                     initial={"household": preselected})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        logged = attempt(request, form, lambda: services.visit_log(
            actor=request.user, household=data["household"], kind=data["kind"], outcome=data["outcome"],
            met_residents=data["met_residents"], observations=form.observations(), needs=data["needs"],
            actions_taken=data["actions_taken"], note=data["note"], photo=data["photo"],
            latitude=data["latitude"], longitude=data["longitude"], client_uuid=data["client_uuid"]))
        if logged:
            visit, _created = logged.value
            messages.success(request, _("走访已保存。"))
            return redirect("grid:visit_detail", pk=visit.pk)
    return render(request, "grid/visit_form.html", {
        "form": form, "preselected": preselected, "observation_keys": list(OBSERVATIONS),
        "households_data": _households_data(households),
    })


def _households_data(households) -> list[dict]:
    """What the page needs to pick a household and whom they met without a connection.

    The template embeds it with `json_script`, which escapes `<`, `>` and `&`: residents' names are
    typed by staff and imported from spreadsheets, and must never end the script element."""
    rows = {h.pk: {"id": h.pk, "label": f"{h.building.name} {h.door_number}", "residents": [], "rank": h.risk_rank}
            for h in households.order_by("building__name", "door_number")}
    for r in Resident.objects.filter(household__in=list(rows), status=Resident.Status.ACTIVE).order_by("pk"):
        rows[r.household_id]["residents"].append({"id": r.pk, "name": r.name,
                                                  "relation": r.relation_to_head})
    return list(rows.values())


@register_page
def visit_list(request):
    """Visits in the user's territory, newest first, with the dashboards' filters (the list behind
    the 走访次数 and 现场办理 figures)."""
    from urllib.parse import urlencode

    from django.core.paginator import Paginator

    qs = selectors.filter_visit_list(selectors.visits_visible_to(request.user), request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    kept = urlencode({k: v for k, v in request.GET.items() if k in selectors.VISIT_LIST_FILTERS})
    return render(request, "grid/visit_list.html", {"page": page, "kept_query": kept})


@register_page
def visit_detail(request, pk):
    visit = get_object_or_404(selectors.visits_visible_to(request.user).prefetch_related("met_residents"), pk=pk)
    resident = None
    if pk := parse_id(request.GET.get("resident")):
        resident = visit.household.residents.filter(pk=pk).first()
    resident = resident or default_resident(visit)
    return render(request, "grid/visit_detail.html", {
        "visit": visit, "handoff": visit_handoff_links(visit, resident), "follow_ups": visit_follow_ups(visit),
        "observations": [(OBSERVATIONS[k], v) for k, v in visit.observations.items() if k in OBSERVATIONS],
        "residents": visit.household.residents.filter(status=Resident.Status.ACTIVE),
        "selected_resident": resident,
    })


@token_accepted
@register_page
def visit_photo(request, pk):
    visit = get_object_or_404(selectors.visits_visible_to(request.user), pk=pk)
    return serve_upload(visit.photo)
