"""Pages of the workload app: HTTP only. Every write is a service call; page actions are a table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taijiang.core.exceptions import DomainError
from taijiang.core.forms import add_service_error
from taijiang.core.http import parse_id

from . import permissions, selectors, services
from .forms import (
    ApplicationForm,
    DecideForm,
    DisposeForm,
    LedgerCutForm,
    LedgerForm,
    MonthForm,
    NoteForm,
    PublishForm,
    ReasonForm,
    RefusalForm,
    ReviewForm,
    TaskFilterForm,
)
from .models import ApplicationStatus, LedgerStatus, RefusalStatus, TaskList
from .workflow import APPLICATION_FLOW, REFUSAL_FLOW, TASK_FLOW

PAGE_SIZE = 50


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _register_only(request) -> None:
    _deny_unless(permissions.can_see_register(request.user),
                 _("社区工作事项清单仅向社区、街道、区级管理员和区职能部门开放。"))


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _run_action(request, obj, table: dict, action: str, *, detail, redirect_name: str):
    """Run `table[action]` on `obj`: (form class, service call, success message).

    A refused action re-renders the detail page with the form keeping what the user typed.
    """
    if action not in table:
        raise Http404
    form_class, call, success = table[action]
    form = form_class(request.POST) if form_class else None
    status = 400
    if form is None or form.is_valid():
        try:
            call(obj, request.user, form.cleaned_data if form else {})
        except (DomainError, ValidationError) as exc:
            # Shown as a message too: the form of a refused action may not be on the page any more.
            messages.error(request, str(exc.message) if isinstance(exc, DomainError) else " ".join(exc.messages))
            if form is not None:
                add_service_error(form, exc)
            status = getattr(exc, "status_code", 400)
        else:
            messages.success(request, success)
            return redirect(redirect_name, pk=obj.pk)
    obj.refresh_from_db()
    return detail(request, obj, forms={action: form}, status=status)


# --- overview --------------------------------------------------------------------------

@login_required
def overview(request):
    _deny_unless(permissions.can_see_overview(request.user), _("去机关化总览仅向街道和区级管理员开放。"))
    today = timezone.localdate()
    form = MonthForm(request.GET or None)
    month = today.replace(day=1)
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        month = form.cleaned_data["month"].replace(day=1)
    figures = selectors.figures(communities=selectors.communities_of(request.user), day=today, month=month,
                                user=request.user)
    return render(request, "workload/overview.html", {"figures": figures, "form": form, "month": month})


# --- the register ----------------------------------------------------------------------

@login_required
def task_list(request):
    _register_only(request)
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None)
    qs = selectors.tasks_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["task_list"]:
            qs = qs.filter(task_list=data["task_list"])
        if data["disposition"]:
            qs = qs.filter(disposition=data["disposition"])
        if data["status"]:
            qs = qs.filter(selectors.task_status_q(data["status"], today))
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(code__icontains=data["q"]))
    page = Paginator(qs.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workload/task_list.html", {"page": page, "form": form, "today": today,
                                                       "query": query.urlencode()})


def _task_detail(request, task, forms=None, status=200):
    forms = forms or {}
    context = {"task": task, "history": task.changes.select_related("actor"), "today": timezone.localdate(),
               "can_dispose": permissions.is_district(request.user) and TASK_FLOW.allowed(task.disposition),
               "dispose_form": forms.get("dispose") or DisposeForm()}
    return render(request, "workload/task_detail.html", context, status=status)


@login_required
def task_detail(request, pk):
    _register_only(request)
    return _task_detail(request, _one(selectors.tasks_visible_to(request.user), pk))


TASK_ACTIONS = {
    "dispose": (DisposeForm, lambda t, u, d: services.task_dispose(
        task=t, actor=u, disposition=d["disposition"], merged_into=d["merged_into"], note=d["note"]),
        _("事项处置已调整。")),
}


@login_required
@require_POST
def task_act(request, pk, action):
    _register_only(request)
    task = _one(selectors.tasks_visible_to(request.user), pk)
    return _run_action(request, task, TASK_ACTIONS, action, detail=_task_detail, redirect_name="workload:task_detail")


# --- published lists -------------------------------------------------------------------

def _publishable(user):
    if permissions.is_district(user) or permissions.is_street(user):
        return selectors.communities_of(user)
    return None


@login_required
def list_versions(request):
    _register_only(request)
    communities = _publishable(request.user)
    form = None
    if communities is not None:
        form = PublishForm(request.POST if request.method == "POST" else None, communities=communities)
        if request.method == "POST" and form.is_valid():
            try:
                version = services.task_list_publish(actor=request.user, community=form.cleaned_data["community"],
                                                     note=form.cleaned_data["note"])
            except DomainError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("已发布第 %(n)d 版。") % {"n": version.version})
                return redirect("workload:list_detail", pk=version.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("清单由街道或区级管理员发布。"))
    page = Paginator(selectors.list_versions_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workload/list_versions.html", {"page": page, "form": form, "query": ""},
                  status=400 if form is not None and form.errors else 200)


@login_required
def list_detail(request, pk):
    _register_only(request)
    version = _one(selectors.list_versions_visible_to(request.user), pk)
    entries = list(version.entries.all())
    groups = [(label, [e for e in entries if e.task_list == value]) for value, label in TaskList.choices]
    return render(request, "workload/list_detail.html", {"version": version, "groups": groups})


# --- admission -------------------------------------------------------------------------

@login_required
def application_list(request):
    user = request.user
    _deny_unless(permissions.can_see_register(user), _("准入申请仅向管理员和区职能部门开放。"))
    today = timezone.localdate()
    qs = selectors.applications_visible_to(user)
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    elif status == "overdue":
        qs = qs.filter(selectors.overdue_q(today))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workload/application_list.html", {
        "page": page, "today": today, "status": status, "statuses": ApplicationStatus.choices,
        "can_file": permissions.is_liaison(user), "query": f"status={status}" if status else ""})


@login_required
def application_create(request):
    _deny_unless(permissions.is_liaison(request.user), _("只有区职能部门联络员可以提出准入申请。"))
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application = services.application_file(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("准入申请已提交，区级应于 %(due)s 前作出决定。")
                                 % {"due": application.decision_due.isoformat()})
                return redirect("workload:application_detail", pk=application.pk)
    return render(request, "workload/application_form.html", {"form": form}, status=status)


def _application_detail(request, application, forms=None, status=200):
    user = request.user
    forms = forms or {}
    allowed = APPLICATION_FLOW.allowed(application.status)
    department = permissions.department_of(user)
    own = department is not None and department.pk == application.department_id
    reviewed_here = permissions.is_street(user) and any(r.street_id == user.street_id
                                                          for r in application.reviews.all())
    context = {
        "application": application, "today": timezone.localdate(),
        "reviews": application.reviews.select_related("street", "reviewer"),
        "history": application.changes.select_related("actor"),
        "communities": application.communities.select_related("street"),
        "can_review": (permissions.is_street(user) and ApplicationStatus.REVIEWED in allowed and not reviewed_here
                       and permissions.concerns_street(application, user.street_id)),
        "can_decide": permissions.is_district(user) and ApplicationStatus.ADMITTED in allowed,
        "can_withdraw": (own and application.is_pending) or (
            (own or permissions.is_district(user)) and ApplicationStatus.EXITED in allowed),
        "review_form": forms.get("review") or ReviewForm(),
        "decide_form": forms.get("decide") or DecideForm(),
        "withdraw_form": forms.get("withdraw") or ReasonForm(),
    }
    return render(request, "workload/application_detail.html", context, status=status)


@login_required
def application_detail(request, pk):
    return _application_detail(request, _one(selectors.applications_visible_to(request.user), pk))


APPLICATION_ACTIONS = {
    "review": (ReviewForm, lambda a, u, d: services.application_review(application=a, actor=u, agrees=d["agrees"],
                                                                        opinion=d["opinion"]),
               _("审核意见已提交。")),
    "decide": (DecideForm, lambda a, u, d: services.application_decide(application=a, actor=u, admit=d["admit"],
                                                                        reason=d["reason"]),
               _("准入决定已作出。")),
    "withdraw": (ReasonForm, lambda a, u, d: services.application_withdraw(application=a, actor=u,
                                                                            reason=d["reason"]),
                 _("已撤回或退出。")),
}


@login_required
@require_POST
def application_act(request, pk, action):
    application = _one(selectors.applications_visible_to(request.user), pk)
    return _run_action(request, application, APPLICATION_ACTIONS, action, detail=_application_detail,
                       redirect_name="workload:application_detail")


# --- refusals --------------------------------------------------------------------------

def _may_see_refusals(user) -> bool:
    return (permissions.is_district(user) or permissions.is_street(user) or permissions.is_community(user)
            or permissions.is_liaison(user))


@login_required
def refusal_list(request):
    _deny_unless(_may_see_refusals(request.user), _("拒绝记录仅向管理员和相关区职能部门开放。"))
    page = Paginator(selectors.refusals_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workload/refusal_list.html", {
        "page": page, "can_record": permissions.is_community(request.user), "query": ""})


@login_required
def refusal_create(request):
    user = request.user
    _deny_unless(permissions.is_community(user), _("只有社区管理员可以登记拒绝记录。"))
    form = RefusalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                refusal = services.refusal_record(
                    actor=user, community=user.community, department=data["department"], what=data["what"],
                    details=data["details"], pushed_on=data["pushed_on"], channel=data["channel"])
                if data["reason"].strip():
                    services.refusal_refuse(refusal=refusal, actor=user, reason=data["reason"])
            except DomainError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("拒绝记录已登记。"))
                return redirect("workload:refusal_detail", pk=refusal.pk)
    return render(request, "workload/refusal_form.html", {"form": form}, status=status)


def _refusal_detail(request, refusal, forms=None, status=200):
    user = request.user
    forms = forms or {}
    allowed = REFUSAL_FLOW.allowed(refusal.status)
    mine = permissions.is_community(user) and user.community_id == refusal.community_id
    department = permissions.department_of(user)
    return render(request, "workload/refusal_detail.html", {
        "refusal": refusal, "history": refusal.changes.select_related("actor"),
        "can_refuse": mine and RefusalStatus.REFUSED in allowed,
        "can_void": mine and RefusalStatus.VOIDED in allowed,
        "can_acknowledge": (department is not None and department.pk == refusal.department_id
                            and RefusalStatus.ACKNOWLEDGED in allowed),
        "refuse_form": forms.get("refuse") or ReasonForm(), "void_form": forms.get("void") or ReasonForm(),
        "acknowledge_form": forms.get("acknowledge") or NoteForm(),
    }, status=status)


@login_required
def refusal_detail(request, pk):
    return _refusal_detail(request, _one(selectors.refusals_visible_to(request.user), pk))


REFUSAL_ACTIONS = {
    "refuse": (ReasonForm, lambda r, u, d: services.refusal_refuse(refusal=r, actor=u, reason=d["reason"]),
               _("已拒绝，并已告知部门和街道。")),
    "void": (ReasonForm, lambda r, u, d: services.refusal_void(refusal=r, actor=u, reason=d["reason"]),
             _("登记已作废。")),
    "acknowledge": (NoteForm, lambda r, u, d: services.refusal_acknowledge(refusal=r, actor=u, note=d["note"]),
                    _("已确认撤回该事项。")),
}


@login_required
@require_POST
def refusal_act(request, pk, action):
    refusal = _one(selectors.refusals_visible_to(request.user), pk)
    return _run_action(request, refusal, REFUSAL_ACTIONS, action, detail=_refusal_detail,
                       redirect_name="workload:refusal_detail")


# --- ledgers ---------------------------------------------------------------------------

def _ledger_page(request, form=None, status=200):
    user = request.user
    communities = selectors.communities_of(user)
    ledgers = selectors.ledgers_visible_to(user).order_by("community__street__code", "community__code", "name")
    community_id = parse_id(request.GET.get("community"))
    if community_id is not None:
        ledgers = ledgers.filter(community_id=community_id)
    counts = (selectors.ledgers_visible_to(user).values("community__name")
              .annotate(before=Count("pk"), after=Count("pk", filter=Q(status=LedgerStatus.KEPT)),
                        replaced=Count("pk", filter=Q(status=LedgerStatus.REPLACED)))
              .order_by("community__name"))
    page = Paginator(ledgers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workload/ledger_list.html", {
        "page": page, "counts": counts, "form": form or LedgerForm(communities=communities),
        "cut_form": LedgerCutForm(),
        "communities": communities, "query": f"community={community_id}" if community_id is not None else ""},
        status=status)


def _ledger_user(user) -> bool:
    return permissions.is_district(user) or permissions.is_street(user) or permissions.is_community(user)


@login_required
def ledger_list(request):
    _deny_unless(_ledger_user(request.user), _("工作台账仅向社区、街道和区级管理员开放。"))
    if request.method != "POST":
        return _ledger_page(request)
    form = LedgerForm(request.POST, communities=selectors.communities_of(request.user))
    if form.is_valid():
        try:
            services.ledger_add(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("台账已登记。"))
            return redirect("workload:ledgers")
    return _ledger_page(request, form=form, status=400)


@login_required
@require_POST
def ledger_cut(request, pk):
    _deny_unless(_ledger_user(request.user), _("工作台账仅向社区、街道和区级管理员开放。"))
    ledger = _one(selectors.ledgers_visible_to(request.user), pk)
    form = LedgerCutForm(request.POST)
    if form.is_valid():
        try:
            services.ledger_cut(ledger=ledger, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return _ledger_page(request, status=exc.status_code)
        messages.success(request, _("台账已处理。"))
        return redirect("workload:ledgers")
    messages.error(request, _("请选择处理方式。"))
    return _ledger_page(request, status=400)


