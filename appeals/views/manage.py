"""Admin pages: categories, canned replies and Open311 keys.

District and street admins open them. Categories and canned replies are district-wide, so
only district admins change them (street admins read); Open311 keys belong to a territory and
each admin sees and switches only the keys of theirs (docs/security.md, "Territory").
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taijiang.core.access import role_required

from ..forms import ApiKeyForm, CannedReplyForm, CategoryForm
from ..models import ApiKey, CannedReply, Category
from ..permissions import api_keys_managed_by, can_administer, can_edit_district_settings
from ..services.admin_settings import api_key_issue, api_key_switch

admin_page = role_required(can_administer, message=gettext_lazy("只有街道或区级管理员可以管理诉求分类、常用答复和接口密钥。"))
# Categories and canned replies apply to every street: only district admins change them.
district_page = role_required(can_edit_district_settings,
                              message=gettext_lazy("诉求分类和常用答复全区通用，只有区级管理员可以修改。"))


@admin_page
def categories(request):
    return render(request, "appeals/manage/categories.html", {
        "categories": Category.objects.all(), "can_edit": can_edit_district_settings(request.user)})


def _edit(request, pk, *, model, form_class, title, saved, back):
    """Create (pk None) or edit one admin-managed row with its form; 400 with the errors kept."""
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, saved)
        return redirect(back)
    return render(request, "appeals/manage/form.html", {"form": form, "title": title},
                  status=400 if request.method == "POST" else 200)


@admin_page
@district_page
def category_edit(request, pk=None):
    return _edit(request, pk, model=Category, form_class=CategoryForm, title=_("诉求分类"), saved=_("分类已保存。"),
                 back="appeals:categories")


@admin_page
def canned_replies(request):
    return render(request, "appeals/manage/canned.html", {
        "replies": CannedReply.objects.select_related("category"), "can_edit": can_edit_district_settings(request.user)})


@admin_page
@district_page
def canned_edit(request, pk=None):
    return _edit(request, pk, model=CannedReply, form_class=CannedReplyForm, title=_("常用答复"),
                 saved=_("常用答复已保存。"), back="appeals:canned_replies")


@require_POST
@admin_page
@district_page
def canned_delete(request, pk):
    get_object_or_404(CannedReply, pk=pk).delete()
    messages.success(request, _("常用答复已删除。"))
    return redirect("appeals:canned_replies")


@admin_page
def api_keys(request):
    """List the keys of the admin's territory; POST issues a new key, shown once (only its hash is stored)."""
    district = can_edit_district_settings(request.user)
    form = ApiKeyForm(request.POST or None, district=district)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _key, new_key = api_key_issue(actor=request.user, system_name=form.cleaned_data["system_name"],
                                      street=form.cleaned_data.get("street"))
        form = ApiKeyForm(district=district)
    return render(request, "appeals/manage/api_keys.html",
                  {"keys": api_keys_managed_by(request.user), "form": form, "new_key": new_key},
                  status=400 if request.method == "POST" and new_key is None else 200)


@require_POST
@admin_page
def api_key_toggle(request, pk):
    try:
        key = api_key_switch(actor=request.user, key_id=pk)
    except ApiKey.DoesNotExist:
        raise Http404 from None  # another territory's key: as if it did not exist
    messages.success(request, _("已更新“%(name)s”的状态。") % {"name": key.system_name})
    return redirect("appeals:api_keys")
