"""Admin pages: visit policy, coverage, spreadsheet import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taijiang.core.access import role_required
from taijiang.core.pages import Action, attempt, run_action
from taijiang.users.models import Role
from taijiang.users.scope import scope_for

from .. import coverage, importing
from ..forms import ImportMappingForm, ImportUploadForm, VisitPolicyForm
from ..models import ImportBatch
from ..permissions import can_edit_policy, can_import
from ..services import policy_for, policy_update
from .common import register_page


@register_page
def policy_edit(request):
    community = request.user.community
    if community is None or not can_edit_policy(request.user, community):
        raise PermissionDenied(_("只有社区管理员可以修改本社区的走访频次。"))
    policy = policy_for(community)
    form = VisitPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid() and attempt(
            request, form, lambda: policy_update(community=community, actor=request.user, **form.cleaned_data),
            inline_forbidden=True):
        messages.success(request, _("走访频次已保存，各户下次走访日期已重新计算。"))
        return redirect("grid:policy")
    return render(request, "grid/policy_form.html", {"form": form, "community": community})


@register_page
def coverage_view(request):
    today = timezone.localdate()
    scope = scope_for(request.user)
    user = request.user
    context = {"today": today, "weeks": coverage.week_starts(today)}
    if user.role == Role.GRID_WORKER:
        context["grid_rows"] = coverage.coverage_by_grid(scope.grids, today)
    elif user.role == Role.COMMUNITY_ADMIN:
        context["grid_rows"] = coverage.coverage_by_grid(scope.grids, today)
        context["worker_rows"] = coverage.coverage_by_worker(user.community, today)
        context["target"] = policy_for(user.community).coverage_target_percent
    else:
        context["community_rows"] = coverage.coverage_by_community(scope.communities, today)
    rows = context.get("worker_rows") or context.get("grid_rows") or context.get("community_rows") or []
    context["chart"] = {"weeks": [f"{d:%m-%d}" for d in context["weeks"]],
                        "series": [{"name": str(row.label), "data": row.weekly_visits} for row in rows]}
    return render(request, "grid/coverage.html", context)


@register_page
@role_required(Role.COMMUNITY_ADMIN, Role.DISTRICT_ADMIN, message=gettext_lazy("只有社区管理员可以查看个人信息查看记录。"))
def access_log(request):
    from django.core.paginator import Paginator

    from ..selectors import access_logs_visible_to

    page = Paginator(access_logs_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "grid/access_log.html", {"page": page})


@register_page
@role_required(can_import, message=gettext_lazy("只有社区管理员可以导入住户档案。"))
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, communities=scope_for(request.user).communities,
                            initial={"community": request.user.community})
    if request.method == "POST" and form.is_valid():
        outcome = attempt(request, form, lambda: importing.import_upload(
            actor=request.user, community=form.cleaned_data["community"], uploaded=form.cleaned_data["file"]),
            inline_forbidden=True)
        if outcome:
            return redirect("grid:import_mapping", pk=outcome.value.pk)
    return render(request, "grid/import_upload.html", {"form": form})


def _batch(request, pk):
    if not can_import(request.user):
        return None
    return get_object_or_404(scope_for(request.user).filter(ImportBatch.objects.select_related("community"),
                                                             community="community"), pk=pk)


@register_page
def import_mapping(request, pk):
    batch = _batch(request, pk)
    if batch is None:
        raise PermissionDenied(_("只有社区管理员可以导入住户档案。"))
    form = ImportMappingForm(request.POST or None, headers=batch.headers, initial_mapping=batch.mapping)
    if request.method == "POST" and form.is_valid() and attempt(
            request, form, lambda: importing.import_check(actor=request.user, batch=batch, mapping=form.mapping()),
            inline_forbidden=True):
        return redirect("grid:import_report", pk=batch.pk)
    return render(request, "grid/import_mapping.html", {"form": form, "batch": batch})


def _discard(request, batch, data):
    importing.import_discard(actor=request.user, batch=batch)
    messages.info(request, _("已放弃本次导入，没有写入任何数据。"))  # nothing was written: news, not success


IMPORT_ACTIONS = {
    "discard": Action(_discard),
    "apply": Action(lambda r, batch, d: importing.import_apply(actor=r.user, batch=batch),
                    lambda batch: gettext_lazy("导入完成：新增 %(new)d 人，更新 %(updated)d 人。")
                    % {"new": batch.created_count, "updated": batch.updated_count}),
}


@register_page
def import_report(request, pk):
    batch = _batch(request, pk)
    if batch is None:
        raise PermissionDenied(_("只有社区管理员可以导入住户档案。"))
    if request.method == "POST":
        action = "discard" if request.POST.get("action") == "discard" else "apply"
        run_action(request, IMPORT_ACTIONS, action, batch, messages_only=True)
        return redirect("grid:import_report", pk=batch.pk)
    return render(request, "grid/import_report.html", {"batch": batch, "report": batch.report})
