from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grid.models import Building, Resident, Visit
from taijiang.core.pages import attempt
from taijiang.users.scope import scope_for

from .. import services
from ..forms import StaffCreateForm
from ..selectors import (
    LIST_FILTERS,
    apply_worklist_filters,
    registry_row_in_territory,
    worklist_filter_choices,
    worklist_filters,
    worklist_for,
)
from ._helpers import staff_page


@staff_page
def worklist(request):
    filters = worklist_filters(request.GET)
    # choosing a level replaces "my level": the list then holds every case of that level in scope
    everything = request.GET.get("all") == "1" or bool(filters["level"])
    qs = apply_worklist_filters(worklist_for(request.user, only_my_level=not everything,
                                             statuses=filters["statuses"]), filters)
    page = Paginator(qs.select_related("category", "building"), 50).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k in (*LIST_FILTERS, "all") and k != "page"}
    return render(request, "appeals/worklist.html", {
        "page": page, "everything": everything, "filters": filters, "filtered": bool(kept),
        "kept_query": urlencode(kept), "filter_choices": worklist_filter_choices(request.user),
    })


def _in_scope(request, model, pk, path):
    """A registry row by id, only inside the staff member's territory (404 otherwise)."""
    if not pk:
        return None
    row = registry_row_in_territory(request.user, model, pk, grid_path=path)
    if row is None:
        raise Http404
    return row


@staff_page
def staff_create(request):
    """Create an appeal on a resident's behalf (visit, phone, window). The grid app links here with
    ?building=<id>&visit=<id>&resident=<id>&channel=visit."""
    source = request.POST if request.method == "POST" else request.GET
    scope = scope_for(request.user)
    buildings = scope.filter(Building.objects.select_related("grid__community"), grid="grid")
    building = _in_scope(request, Building, source.get("building"), "grid")
    resident = _in_scope(request, Resident, source.get("resident"), "household__building__grid")
    visit = _in_scope(request, Visit, source.get("visit"), "household__building__grid")
    initial = {"channel": source.get("channel") or "phone", "building": building, "resident": source.get("resident"),
               "visit": source.get("visit")}
    if resident is not None:
        initial["contact_name"] = resident.name
        initial["building"] = building or resident.household.building
    if visit is not None and not source.get("text"):
        initial["text"] = visit.needs
    form = StaffCreateForm(request.POST or None, request.FILES or None, initial=initial, buildings=buildings)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            outcome = attempt(request, form, lambda: services.appeal_create_on_behalf(
                actor=request.user, channel=data["channel"], text=data["text"],
                photos=request.FILES.getlist("photos"), category=data["category"],
                building=data["building"] or building, address=data["address"], registry_resident=resident,
                source_visit=visit, contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                publish_allowed=data["publish_allowed"]))
            if outcome:
                messages.success(request, _("已代居民登记诉求，受理编号 %(number)s。") % {"number": outcome.value.number})
                return redirect("appeals:detail", pk=outcome.value.pk)
    return render(request, "appeals/staff_create.html",
                  {"form": form, "resident": resident, "visit": visit}, status=status)
