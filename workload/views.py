"""Pages of the workload app: HTTP only. Every write is a service call; page actions are a table."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taijiang.core.access import deny_unless, login_required, role_required
from taijiang.core.http import parse_id
from taijiang.core.pages import Action, attempt, run_action

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


register_page = role_required(permissions.can_see_register,
                              message=gettext_lazy("社区工作事项清单仅向社区、街道、区级管理员和区职能部门开放。"))


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _act(request, obj, table: dict, action: str, *, detail, redirect_name: str):
    """Run `table[action]` on `obj`; a refused action re-renders the detail page with the form
    keeping what the user typed, and says why as a message too (the form may not be on the page any more)."""
    outcome = run_action(request, table, action, obj, announce=True, inline_forbidden=True)
    if outcome:
        return redirect(redirect_name, pk=obj.pk)
    obj.refresh_from_db()
    return detail(request, obj, forms={action: outcome.form}, status=outcome.status)


# --- overview --------------------------------------------------------------------------

@role_required(permissions.can_see_overview, message=gettext_lazy("去机关化总览仅向街道和区级管理员开放。"))
def overview(request):
    today = timezone.localdate()
    form = MonthForm(request.GET or None)
    month = today.replace(day=1)
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        month = form.cleaned_data["month"].replace(day=1)
    figures = selectors.figures(communities=selectors.communities_of(request.user), day=today, month=month,
                                user=request.user)
    return render(request, "workload/overview.html", {"figures": figures, "form": form, "month": month})


# --- the register ----------------------------------------------------------------------

@register_page
def task_list(request):
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


@register_page
def task_detail(request, pk):
    return _task_detail(request, _one(selectors.tasks_visible_to(request.user), pk))


TASK_ACTIONS = {
    "dispose": Action(lambda r, task, d: services.task_dispose(
        task=task, actor=r.user, disposition=d["disposition"], merged_into=d["merged_into"], note=d["note"]),
        gettext_lazy("事项处置已调整。"), form=DisposeForm),
}


@register_page
@require_POST
def task_act(request, pk, action):
    task = _one(selectors.tasks_visible_to(request.user), pk)
    return _act(request, task, TASK_ACTIONS, action, detail=_task_detail, redirect_name="workload:task_detail")


# --- published lists -------------------------------------------------------------------

def _publishable(user):
    if permissions.is_district(user) or permissions.is_street(user):
        return selectors.communities_of(user)
    return None


@register_page
def list_versions(request):
    communities = _publishable(request.user)
    form = None
    if communities is not None:
        form = PublishForm(request.POST if request.method == "POST" else None, communities=communities)
        if request.method == "POST" and form.is_valid():
            outcome = attempt(request, form, lambda: services.task_list_publish(
                actor=request.user, community=form.cleaned_data["community"], note=form.cleaned_data["note"]),
                inline_forbidden=True)
            if outcome:
                messages.success(request, _("已发布第 %(n)d 版。") % {"n": outcome.value.version})
                return redirect("workload:list_detail", pk=outcome.value.pk)
    else:
        deny_unless(request.method != "POST", _("清单由街道或区级管理员发布。"))
    page = Paginator(selectors.list_versions_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workload/list_versions.html", {"page": page, "form": form, "query": ""},
                  status=400 if form is not None and form.errors else 200)


@register_page
def list_detail(request, pk):
    version = _one(selectors.list_versions_visible_to(request.user), pk)
    entries = list(version.entries.all())
    groups = [(label, [e for e in entries if e.task_list == value]) for value, label in TaskList.choices]
    return render(request, "workload/list_detail.html", {"version": version, "groups": groups})


# --- admission -------------------------------------------------------------------------

@role_required(permissions.can_see_register, message=gettext_lazy("准入申请仅向管理员和区职能部门开放。"))
def application_list(request):
    user = request.user
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


@role_required(permissions.is_liaison, message=gettext_lazy("只有区职能部门联络员可以提出准入申请。"))
def application_create(request):
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome = attempt(request, form, lambda: services.application_file(actor=request.user,
                                                                               **form.cleaned_data),
                              inline_forbidden=True)
            if outcome:
                messages.success(request, _("准入申请已提交，区级应于 %(due)s 前作出决定。")
                                 % {"due": outcome.value.decision_due.isoformat()})
                return redirect("workload:application_detail", pk=outcome.value.pk)
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
    "review": Action(lambda r, a, d: services.application_review(application=a, actor=r.user, agrees=d["agrees"],
                                                                 opinion=d["opinion"]),
                     gettext_lazy("审核意见已提交。"), form=ReviewForm),
    "decide": Action(lambda r, a, d: services.application_decide(application=a, actor=r.user, admit=d["admit"],
                                                                 reason=d["reason"]),
                     gettext_lazy("准入决定已作出。"), form=DecideForm),
    "withdraw": Action(lambda r, a, d: services.application_withdraw(application=a, actor=r.user, reason=d["reason"]),
                       gettext_lazy("已撤回或退出。"), form=ReasonForm),
}


@login_required
@require_POST
def application_act(request, pk, action):
    application = _one(selectors.applications_visible_to(request.user), pk)
    return _act(request, application, APPLICATION_ACTIONS, action, detail=_application_detail,
                redirect_name="workload:application_detail")


# --- refusals --------------------------------------------------------------------------

def _may_see_refusals(user) -> bool:
    return (permissions.is_district(user) or permissions.is_street(user) or permissions.is_community(user)
            or permissions.is_liaison(user))


@role_required(_may_see_refusals, message=gettext_lazy("拒绝记录仅向管理员和相关区职能部门开放。"))
def refusal_list(request):
    page = Paginator(selectors.refusals_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workload/refusal_list.html", {
        "page": page, "can_record": permissions.is_community(request.user), "query": ""})


@role_required(permissions.is_community, message=gettext_lazy("只有社区管理员可以登记拒绝记录。"))
def refusal_create(request):
    user = request.user
    form = RefusalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data

            def record():
                refusal = services.refusal_record(
                    actor=user, community=user.community, department=data["department"], what=data["what"],
                    details=data["details"], pushed_on=data["pushed_on"], channel=data["channel"])
                if data["reason"].strip():
                    services.refusal_refuse(refusal=refusal, actor=user, reason=data["reason"])
                return refusal

            outcome = attempt(request, form, record, inline_forbidden=True)
            if outcome:
                messages.success(request, _("拒绝记录已登记。"))
                return redirect("workload:refusal_detail", pk=outcome.value.pk)
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
    "refuse": Action(lambda r, ref, d: services.refusal_refuse(refusal=ref, actor=r.user, reason=d["reason"]),
                     gettext_lazy("已拒绝，并已告知部门和街道。"), form=ReasonForm),
    "void": Action(lambda r, ref, d: services.refusal_void(refusal=ref, actor=r.user, reason=d["reason"]),
                   gettext_lazy("登记已作废。"), form=ReasonForm),
    "acknowledge": Action(lambda r, ref, d: services.refusal_acknowledge(refusal=ref, actor=r.user, note=d["note"]),
                          gettext_lazy("已确认撤回该事项。"), form=NoteForm),
}


@login_required
@require_POST
def refusal_act(request, pk, action):
    refusal = _one(selectors.refusals_visible_to(request.user), pk)
    return _act(request, refusal, REFUSAL_ACTIONS, action, detail=_refusal_detail,
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


ledger_page = role_required(_ledger_user, message=gettext_lazy("工作台账仅向社区、街道和区级管理员开放。"))


@ledger_page
def ledger_list(request):
    if request.method != "POST":
        return _ledger_page(request)
    form = LedgerForm(request.POST, communities=selectors.communities_of(request.user))
    if form.is_valid() and attempt(request, form, lambda: services.ledger_add(actor=request.user, **form.cleaned_data),
                                   inline_forbidden=True):
        messages.success(request, _("台账已登记。"))
        return redirect("workload:ledgers")
    return _ledger_page(request, form=form, status=400)


@require_POST
@ledger_page
def ledger_cut(request, pk):
    ledger = _one(selectors.ledgers_visible_to(request.user), pk)
    form = LedgerCutForm(request.POST)
    if form.is_valid():
        outcome = attempt(request, None, lambda: services.ledger_cut(ledger=ledger, actor=request.user,
                                                                     **form.cleaned_data), inline_forbidden=True)
        if not outcome:
            return _ledger_page(request, status=outcome.status)
        messages.success(request, _("台账已处理。"))
        return redirect("workload:ledgers")
    messages.error(request, _("请选择处理方式。"))
    return _ledger_page(request, status=400)


