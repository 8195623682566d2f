from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grid.models import Resident, Visit
from taijiang.core.access import deny_unless, login_required, role_required
from taijiang.core.http import SEARCH_MAX, clean_text, parse_id
from taijiang.core.pages import Action, attempt, run_action
from taijiang.core.uploads import serve_upload
from taijiang.users.auth import token_accepted
from taijiang.users.models import Role

from .. import permissions, selectors, services
from ..forms import (
    AssignForm,
    ConfirmForm,
    MissingMaterialsForm,
    ProxyRequestForm,
    ReasonForm,
    RequestForm,
    ResultForm,
    SupplementForm,
    TransferForm,
)
from ..models import RequestStatus, ServiceItem, ServiceRequest
from ..workflow import PROXY_FLOW, REQUEST_FLOW


@login_required
def request_create(request, code):
    """A resident pre-applies online for an item."""
    item = get_object_or_404(selectors.item_with_materials(), code=code, status=ServiceItem.Status.ACTIVE)
    user = request.user
    deny_unless(user.is_resident, _("网上预申请供居民本人使用；工作人员请从走访或居民档案代为申请。"))
    if not user.community_id and not user.building_id:
        messages.error(request, _("请先在个人资料中填写所在社区，再申请办事。"))
        return redirect("users:profile")
    form = RequestForm(request.POST or None, request.FILES or None, item=item,
                       initial={"applicant_phone": user.phone})
    if request.method == "POST" and form.is_valid():
        community = user.building.grid.community if user.building_id else user.community
        done = attempt(request, form, lambda: services.request_submit(
            item=item, actor=user, applicant=user, community=community,
            grid=user.building.grid if user.building_id else None, applicant_name=user.name,
            applicant_phone=form.cleaned_data["applicant_phone"] or user.phone or "", description=form.cleaned_data["description"],
            files=form.cleaned_data["files"], consent_by=user.name, consent_method="online")).value
        if done:
            messages.success(request, _("已提交，办件编号 %(number)s。") % {"number": done.number})
            return redirect("services:request_detail", pk=done.pk)
    return render(request, "services/request_form.html", {"form": form, "item": item})


@login_required
def request_create_for_resident(request):
    """Staff (grid worker of the resident's grid, window/community admin of the community) file a
    request for a registry resident, usually from a door-knocking visit (?resident=&visit=&proxy=1)."""
    resident = get_object_or_404(Resident.objects.select_related("household__building__grid__community", "user"),
                                 pk=parse_id(request.GET.get("resident")))
    if not permissions.can_file_for_resident(request.user, resident):
        if request.user.is_portal_staff:
            raise Http404
        deny_unless(False, _("只有该居民所在网格的网格员或本社区工作人员可以代为申请。"))
    visit = None
    if request.GET.get("visit"):
        visit = get_object_or_404(Visit, pk=parse_id(request.GET["visit"]), household_id=resident.household_id)
    grid = resident.household.building.grid
    items = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE).order_by("group", "order")
    if request.method == "POST":
        chosen = items.filter(pk=parse_id(request.POST.get("item_choice"))).first()
    else:
        chosen = items.filter(code=request.GET.get("item") or "").first()
    item_for_files = chosen or ServiceItem(pk=None)
    form = ProxyRequestForm(request.POST or None, request.FILES or None, item=item_for_files, items=items,
                            initial={"item_choice": chosen, "is_proxy": request.GET.get("proxy") == "1",
                                     "consent_by": resident.name, "consent_method": "in_person",
                                     "assign_to_me": request.user.role == Role.GRID_WORKER})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def submit():
            created = services.request_submit(
                item=data["item_choice"], actor=request.user, applicant=resident.user, registry_resident=resident,
                community=grid.community, grid=grid, applicant_name=resident.name,
                applicant_phone=data["applicant_phone"] or resident.phone, description=data["description"],
                files=data["files"],
                channel=ServiceRequest.Channel.PROXY if data["is_proxy"] else ServiceRequest.Channel.WINDOW,
                is_proxy=data["is_proxy"], consent_by=data["consent_by"], consent_method=data["consent_method"],
                source_visit=visit)
            if data["is_proxy"] and data["assign_to_me"]:
                services.proxy_assign(request=created, assignee=request.user, actor=request.user)
            return created

        done = attempt(request, form, submit).value
        if done:
            messages.success(request, _("已为 %(name)s 登记办件 %(number)s。") % {"name": resident.name,
                                                                               "number": done.number})
            return redirect("services:request_detail", pk=done.pk)
    return render(request, "services/request_for_resident.html", {"form": form, "resident": resident,
                                                                   "visit": visit})


@login_required
def request_list(request):
    qs = selectors.requests_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        qs = qs.filter(status=status)
    query = clean_text(request.GET.get("q"), max_length=SEARCH_MAX)
    if not request.user.is_resident:
        qs = selectors.filter_request_list(qs, request.GET)
    if query and not request.user.is_resident:
        qs = qs.filter(Q(number__icontains=query) | Q(applicant_name__icontains=query) | Q(item__name__icontains=query))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    kept = urlencode({k: v for k, v in request.GET.items() if k in ("community", "street", "from", "to", "channel",
                                                                   "overdue")})
    return render(request, "services/request_list.html", {"page": page, "status": status, "query": query,
                                                          "statuses": RequestStatus.choices, "kept_query": kept})


@role_required(lambda user: user.is_portal_staff, message=gettext_lazy("代办任务仅对工作人员开放。"))
def proxy_tasks(request):
    return render(request, "services/proxy_tasks.html", {"tasks": selectors.proxy_tasks_for(request.user)})


def _visible(request, pk) -> ServiceRequest:
    return get_object_or_404(selectors.requests_visible_to(request.user).select_related(
        "registry_resident", "source_visit", "created_by"), pk=pk)


def _assign_candidates(req):
    users = get_user_model().objects.filter(is_active=True)
    q = Q(role__in=(Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN), community=req.community)
    if req.grid_id:
        q |= Q(role=Role.GRID_WORKER, grids=req.grid_id)
    return users.filter(q).distinct().order_by("role", "username")


@login_required
def request_detail(request, pk):
    req = _visible(request, pk)
    user = request.user
    events = req.events.select_related("actor")
    if user.is_resident:
        events = events.filter(public=True)
    visit_url = None
    if req.source_visit_id:
        try:
            visit_url = reverse("grid:visit_detail", args=[req.source_visit_id])
        except NoReverseMatch:
            visit_url = None
    handler = permissions.can_handle_request(user, req)
    not_uploaded = selectors.materials_not_uploaded(req) if req.status in (
        RequestStatus.SUBMITTED, RequestStatus.PRE_REVIEW) else []
    context = {
        "not_uploaded": not_uploaded,
        "add_form": SupplementForm(item=req.item, missing=not_uploaded) if not_uploaded else None,
        "req": req, "events": events, "attachments": req.attachments.select_related("material"),
        "visit_url": visit_url, "handler": handler, "own": req.applicant_id == user.pk,
        "proxy_worker": permissions.can_work_proxy(user, req),
        "allowed": REQUEST_FLOW.allowed(req.status), "proxy_allowed": PROXY_FLOW.allowed(req.proxy_status),
        # the materials nobody uploaded are ticked already: the clerk confirms rather than hunts
        "missing_form": MissingMaterialsForm(item=req.item, initial={"materials": not_uploaded}) if handler else None,
        "supplement_form": SupplementForm(item=req.item, missing=req.missing_materials)
        if req.status == RequestStatus.MATERIALS_MISSING else None,
        "reason_form": ReasonForm(), "result_form": ResultForm(), "transfer_form": TransferForm(),
        "confirm_form": ConfirmForm(),
        "assign_form": AssignForm(candidates=_assign_candidates(req)) if req.is_proxy and handler else None,
    }
    return render(request, "services/request_detail.html", context)


def _advance(target):
    return Action(lambda r, req, d: services.proxy_advance(request=req, actor=r.user, target=target,
                                                           note=r.POST.get("note", "")[:500]))


# One row per action on the request page: Action(call(request, req, data), success, form).
REQUEST_ACTIONS = {
    "review": Action(lambda r, req, d: services.request_start_review(request=req, actor=r.user)),
    "missing": Action(lambda r, req, d: services.request_mark_missing(request=req, actor=r.user, missing=d["missing"],
                                                                      note=d["note"]),
                      form=lambda r, req: MissingMaterialsForm(r.POST, item=req.item)),
    "supplement": Action(lambda r, req, d: services.request_supplement(request=req, actor=r.user, files=d["files"],
                                                                       note=d["note"]),
                         form=lambda r, req: SupplementForm(r.POST, r.FILES, item=req.item,
                                                            missing=req.missing_materials)),
    "add": Action(lambda r, req, d: services.request_add_materials(request=req, actor=r.user, files=d["files"]),
                  gettext_lazy("材料已上传。"),
                  form=lambda r, req: SupplementForm(r.POST, r.FILES, item=req.item,
                                                     missing=selectors.materials_not_uploaded(req))),
    "accept": Action(lambda r, req, d: services.request_accept(request=req, actor=r.user)),
    "process": Action(lambda r, req, d: services.request_process(request=req, actor=r.user)),
    "transfer": Action(lambda r, req, d: services.request_process(request=req, actor=r.user, **d), form=TransferForm),
    "complete": Action(lambda r, req, d: services.request_complete(request=req, actor=r.user, **d), form=ResultForm),
    "reject": Action(lambda r, req, d: services.request_reject(request=req, actor=r.user, **d), form=ReasonForm),
    "withdraw": Action(lambda r, req, d: services.request_withdraw(request=req, actor=r.user)),
    "assign": Action(lambda r, req, d: services.proxy_assign(request=req, actor=r.user, **d),
                     form=lambda r, req: AssignForm(r.POST, candidates=_assign_candidates(req))),
    "handling": _advance("handling"),
    "replied": _advance("replied"),
    "handed_over": _advance("handed_over"),
    "confirm": Action(lambda r, req, d: services.proxy_confirm(request=req, actor=r.user, **d), form=ConfirmForm),
}


@login_required
@require_POST
def request_action(request, pk, action):
    req = _visible(request, pk)
    # The detail page is shown again by a redirect: form errors and refusals travel as messages.
    run_action(request, REQUEST_ACTIONS, action, req, messages_only=True)
    return redirect("services:request_detail", pk=req.pk)


@token_accepted
@login_required
def attachment(request, pk, attachment_id):
    req = _visible(request, pk)
    row = get_object_or_404(req.attachments, pk=attachment_id)
    return serve_upload(row.file, download_name=row.original_name)
