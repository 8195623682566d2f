from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taijiang.core.access import deny_unless, login_required, role_required
from taijiang.core.http import SEARCH_MAX, clean_text, parse_id
from taijiang.core.pages import attempt
from taijiang.workdays.models import CalendarDay

from .. import permissions, selectors, services
from ..forms import (
    ApprovalStepFormSet,
    CalendarDayForm,
    DecisionForm,
    ItemForm,
    MaterialFormSet,
    ProposalForm,
)
from ..models import AdmissionProposal, ApprovalStep, CatalogueVersion, ItemGroup, ServiceItem
from ..services.catalogue import CALENDAR_REFUSED, CATALOGUE_REFUSED, can_decide


def catalogue(request):
    query = clean_text(request.GET.get("q"), max_length=SEARCH_MAX)
    group = clean_text(request.GET.get("group"), max_length=SEARCH_MAX)
    items = selectors.public_items(query=query, group=group)
    return render(request, "services/catalogue.html", {
        "items": items, "query": query, "group": group, "groups": ItemGroup.choices,
        "version": CatalogueVersion.objects.only("number", "published_at").first(),
    })


def item_detail(request, code):
    qs = selectors.item_with_materials(ServiceItem.objects.all())
    item = get_object_or_404(qs, code=code)
    if item.status == ServiceItem.Status.DRAFT and not permissions.can_edit_catalogue(request.user):
        from django.http import Http404

        raise Http404
    return render(request, "services/item_detail.html", {"item": item})


def versions(request):
    return render(request, "services/versions.html", {"versions": CatalogueVersion.objects.select_related(
        "published_by").defer("snapshot")})


def version_detail(request, number):
    version = get_object_or_404(CatalogueVersion.objects.select_related("published_by"), number=number)
    groups = dict(ItemGroup.choices)
    items = [{**row, "group_label": groups.get(row["group"], row["group"])} for row in version.snapshot]
    return render(request, "services/version_detail.html", {"version": version, "items": items})


editor_page = role_required(permissions.can_edit_catalogue, message=CATALOGUE_REFUSED)


@editor_page
def manage(request):
    items = ServiceItem.objects.order_by("group", "order", "code")
    return render(request, "services/manage.html", {
        "items": items, "pending": items.filter(unpublished_changes=True).count(),
        "version": CatalogueVersion.objects.defer("snapshot").first(),
    })


@editor_page
def item_edit(request, code=None):
    item = get_object_or_404(ServiceItem, code=code) if code else None
    form = ItemForm(request.POST or None, instance=item)
    formset = MaterialFormSet(request.POST or None, instance=item or ServiceItem())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = form.save(commit=False)
        saved.unpublished_changes = True
        saved.save()
        formset.instance = saved
        formset.save()
        messages.success(request, _("已保存到草稿，发布后对居民生效。"))
        return redirect("services:manage")
    return render(request, "services/item_form.html", {"form": form, "formset": formset, "item": item})


@editor_page
@require_POST
def item_status(request, code):
    item = get_object_or_404(ServiceItem, code=code)
    attempt(request, None, lambda: services.item_set_status(item=item, actor=request.user,
                                                        status=request.POST.get("status", "")))
    return redirect("services:manage")


@editor_page
@require_POST
def publish(request):
    version = attempt(request, None, lambda: services.catalogue_publish(actor=request.user,
                                                                    note=request.POST.get("note", "")[:200])).value
    if version:
        messages.success(request, _("已发布事项清单第 %(n)s 版。") % {"n": version.number})
    return redirect("services:versions")


# --- holiday calendar ------------------------------------------------------------------

@login_required
def holidays(request):
    """Admins read the calendar; only district admins change it (it counts every deadline in the district)."""
    deny_unless(permissions.can_view_calendar(request.user), _("只有社区、街道或区级管理员可以查看节假日设置。"))
    can_edit = permissions.can_edit_calendar(request.user)
    if request.method == "POST":
        deny_unless(can_edit, CALENDAR_REFUSED)
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and request.POST.get("delete"):
        day = get_object_or_404(CalendarDay, pk=parse_id(request.POST["delete"]))
        services.calendar_day_delete(actor=request.user, day=day)
        messages.success(request, _("已删除 %(date)s。") % {"date": day.date})
        return redirect("services:holidays")
    if request.method == "POST" and form.is_valid():
        services.calendar_day_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已保存。"))
        return redirect("services:holidays")
    page = Paginator(CalendarDay.objects.order_by("-date"), 60).get_page(request.GET.get("page"))
    return render(request, "services/holidays.html", {"form": form, "page": page, "can_edit": can_edit})


# --- catalogue change (目录变更申请; "admission" in names only) ---------------------------

@role_required(lambda user: user.is_portal_staff, message=gettext_lazy("目录变更申请仅对工作人员开放。"))
def admission_list(request):
    proposals = AdmissionProposal.objects.select_related("street", "proposed_by", "next_step", "item")\
        .prefetch_related("decisions__decided_by", "decisions__step")
    return render(request, "services/admission_list.html", {
        "proposals": proposals, "steps": ApprovalStep.objects.filter(is_active=True),
        "can_propose": permissions.can_propose_admission(request.user),
        "can_configure": permissions.can_configure_admission(request.user),
    })


@role_required(permissions.can_propose_admission, message=gettext_lazy("只有街道管理员可以提出目录变更申请。"))
def admission_propose(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(request, form, lambda: services.admission_propose(actor=request.user, **form.cleaned_data)).value
        if done:
            messages.success(request, _("目录变更申请已提交，等待审批。"))
            return redirect("services:admission_detail", pk=done.pk)
    return render(request, "services/admission_form.html", {"form": form})


@role_required(lambda user: user.is_portal_staff, message=gettext_lazy("目录变更申请仅对工作人员开放。"))
def admission_detail(request, pk):
    proposal = get_object_or_404(AdmissionProposal.objects.select_related("street", "proposed_by", "next_step"),
                                 pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(request, form, lambda: services.admission_decide(proposal=proposal, actor=request.user,
                                                                    **form.cleaned_data)).value
        if done:
            messages.success(request, _("审批意见已记录。"))
            return redirect("services:admission_detail", pk=pk)
    return render(request, "services/admission_detail.html", {
        "proposal": proposal, "form": form, "can_decide": can_decide(request.user, proposal),
        "decisions": proposal.decisions.select_related("step", "decided_by"),
    })


@role_required(permissions.can_configure_admission, message=gettext_lazy("目录变更审批流程由区级管理员配置。"))
def admission_steps(request):
    formset = ApprovalStepFormSet(request.POST or None, queryset=ApprovalStep.objects.order_by("order"))
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("审批步骤已保存。"))
        return redirect("services:admission_list")
    return render(request, "services/admission_steps.html", {"formset": formset})
