"""Register pages: household list/search, detail, add/edit, residents, status changes, reveal, export."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from taijiang.core.exceptions import NotAllowed
from taijiang.core.http import SEARCH_MAX, clean_text, client_ip, parse_id
from taijiang.core.pages import attempt
from taijiang.users.scope import scope_for

from .. import selectors, services
from ..exporting import export_residents_xlsx
from ..forms import ExportForm, HouseholdForm, ResidentForm, RevealForm, StatusChangeForm
from ..models import AccessLog, Building, ResidentEvent
from ..permissions import can_edit_household, can_edit_register, can_export_full, can_import, can_reveal
from .common import register_page


def _buildings(user):
    return scope_for(user).filter(Building.objects.select_related("grid__community"), grid="grid")


HASH_RE = re.compile(r"[0-9a-f]{64}")


@register_page
def household_list(request):
    """The register search. ID numbers and phones never appear in a URL (nor so in access logs):
    the form is POSTed, and a full ID number or mobile comes back as `?h=<keyed hash>`; part of
    one is refused (encrypted values cannot be searched by part); names and doors stay in `?q=`."""
    source = request.POST if request.method == "POST" else request.GET
    q = clean_text(source.get("q"), max_length=SEARCH_MAX)
    building = clean_text(source.get("building"), max_length=SEARCH_MAX)
    door = clean_text(source.get("door"), max_length=SEARCH_MAX)
    if q and (request.method == "POST" or selectors.identifier_search_hash(q) or selectors.is_partial_identifier(q)):
        # A GET with a number in it (an old bookmark, a typed URL) is moved off the URL too.
        return _redirect_to_search(request, q=q, building=building, door=door)
    identifier_hash = request.GET.get("h", "")
    identifier_hash = identifier_hash if HASH_RE.fullmatch(identifier_hash) else ""
    qs = selectors.households_visible_to(request.user)
    qs = selectors.search_households(qs, q="" if identifier_hash else q, building=parse_id(building), door=door,
                                     identifier_hash=identifier_hash)
    page = Paginator(selectors.with_residents(qs), 30).get_page(request.GET.get("page"))
    return render(request, "grid/household_list.html", {
        "page": page, "buildings": _buildings(request.user), "q": q, "h": identifier_hash,
        "building": building, "door": door,
        "can_edit": can_edit_register(request.user), "can_import": can_import(request.user),
        "can_export_full": can_export_full(request.user), "export_form": ExportForm(),
    })


def _redirect_to_search(request, *, q: str, building: str, door: str):
    params = {"building": building, "door": door}
    if selectors.is_partial_identifier(q):
        messages.error(request, _("身份证号和手机号已加密保存，只能按完整号码查找，不能按其中几位查找。"))
    elif identifier := selectors.identifier_search_hash(q):
        params["h"] = identifier
    else:
        params["q"] = q
    query = urlencode({key: value for key, value in params.items() if value})
    return redirect(reverse("grid:household_list") + (f"?{query}" if query else ""))


@register_page
def household_detail(request, pk):
    household = get_object_or_404(selectors.with_residents(selectors.households_visible_to(request.user)), pk=pk)
    residents = list(household.residents.all())
    events = (ResidentEvent.objects.filter(resident__household=household)
              .select_related("resident", "recorded_by")[:30])
    visits = household.visits.select_related("worker").order_by("-visited_at")[:10]
    return render(request, "grid/household_detail.html", {
        "household": household, "residents": residents, "events": events, "visits": visits,
        "can_edit": can_edit_household(request.user, household),
        "can_reveal": can_reveal(request.user, residents[0]) if residents else False,
        "status_form": StatusChangeForm(initial={"date": timezone.localdate()}),
        "today": timezone.localdate(),
    })


@register_page
def household_edit(request, pk=None):
    household = None
    if pk is not None:
        household = get_object_or_404(selectors.households_visible_to(request.user), pk=pk)
    if not can_edit_register(request.user) or (household and not can_edit_household(request.user, household)):
        raise PermissionDenied(_("您没有修改住户档案的权限。"))
    form = HouseholdForm(request.POST or None, instance=household, buildings=_buildings(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(request, form, lambda: services.household_create(actor=request.user, **data)
                          if household is None else
                          services.household_update(actor=request.user, household=household, **data),
                          inline_forbidden=True)
        if outcome:
            messages.success(request, _("住户信息已保存。"))
            return redirect("grid:household_detail", pk=outcome.value.pk)
    return render(request, "grid/household_form.html", {"form": form, "household": household})


@register_page
def resident_edit(request, household_pk=None, pk=None):
    resident = None
    if pk is not None:
        resident = get_object_or_404(selectors.residents_visible_to(request.user), pk=pk)
        household = resident.household
    else:
        household = get_object_or_404(selectors.households_visible_to(request.user), pk=household_pk)
    if not can_edit_household(request.user, household):
        raise PermissionDenied(_("您没有修改住户档案的权限。"))
    form = ResidentForm(request.POST or None, instance=resident)
    if request.method == "POST" and form.is_valid():
        tags = form.cleaned_data["tags"]
        if attempt(request, form, lambda: services.resident_create(
                actor=request.user, household=household, tags=tags, **form.service_fields())
                if resident is None else
                services.resident_update(actor=request.user, resident=resident, tags=tags, **form.service_fields()),
                inline_forbidden=True):
            messages.success(request, _("居民信息已保存。"))
            return redirect("grid:household_detail", pk=household.pk)
    return render(request, "grid/resident_form.html", {"form": form, "resident": resident, "household": household})


@register_page
@require_POST
def resident_status(request, pk):
    resident = get_object_or_404(selectors.residents_visible_to(request.user), pk=pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid() and attempt(request, form, lambda: services.resident_change_status(
            actor=request.user, resident=resident, **form.cleaned_data)):
        messages.success(request, _("已登记人员变动。"))
    if form.errors:
        messages.error(request, " ".join(str(m) for msgs in form.errors.values() for m in msgs))
    return redirect("grid:household_detail", pk=resident.household_id)


@register_page
@require_POST
def household_emergency(request, pk):
    household = get_object_or_404(selectors.households_visible_to(request.user), pk=pk)
    if attempt(request, None, lambda: services.household_report_emergency(
            household=household, actor=request.user, note=request.POST.get("note", "")[:200])):
        messages.warning(request, _("已登记突发情况：该户已排到待走访列表最前。"))
    return redirect("grid:household_detail", pk=household.pk)


@never_cache  # the answer holds a full ID number or phone: no browser or proxy may keep it
@register_page
@require_POST
def reveal(request, pk, field):
    """htmx: swap the masked value for the full one after a reason; logged in AccessLog."""
    resident = get_object_or_404(selectors.residents_visible_to(request.user), pk=pk)
    if field not in (AccessLog.Field.ID_NUMBER, AccessLog.Field.PHONE):
        return HttpResponse(status=404)
    form = RevealForm(request.POST)
    context = {"resident": resident, "field": field, "form": form}
    if form.is_valid():
        outcome = attempt(request, form, lambda: services.reveal_personal_field(
            actor=request.user, resident=resident, field=field, reason=form.cleaned_data["reason"],
            ip_address=client_ip(request)), inline_forbidden=True)
        if outcome:
            context["value"] = outcome.value
        elif isinstance(outcome.error, NotAllowed):  # htmx swaps only a 200: the refusal replaces the value
            context["error"] = outcome.error.message
            return render(request, "grid/_reveal.html", context, status=403 if not request.htmx else 200)
    return render(request, "grid/_reveal.html", context)


@never_cache
@register_page
def export(request):
    residents = selectors.residents_visible_to(request.user)
    full = request.method == "POST"
    reason = ""
    if full:
        form = ExportForm(request.POST)
        if not can_export_full(request.user):
            raise PermissionDenied(_("您没有导出完整个人信息的权限。"))
        if not form.is_valid():
            messages.error(request, _("导出完整信息须填写事由（至少 2 个字）。"))
            return redirect("grid:household_list")
        reason = form.cleaned_data["reason"]
    content = export_residents_xlsx(actor=request.user, residents=residents, full=full, reason=reason,
                                    ip_address=client_ip(request))
    name = f"households-{timezone.localdate():%Y%m%d}{'-full' if full else ''}.xlsx"
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
