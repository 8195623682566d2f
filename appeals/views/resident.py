from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from taijiang.core.access import login_required
from taijiang.core.http import client_ip
from taijiang.core.pages import attempt

from .. import services
from ..forms import SubmitForm
from ..selectors import appeals_visible_to, suggest_category


@login_required
def submit(request):
    if request.user.is_portal_staff:
        return redirect("appeals:staff_create")
    form = SubmitForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(request, form, lambda: services.appeal_submit(
            actor=request.user, text=data["text"], photos=request.FILES.getlist("photos"),
            category=data["category"], building=data["building"], address=data["address"],
            latitude=data["latitude"], longitude=data["longitude"],
            contact_preference=data["contact_preference"], publish_allowed=not data["do_not_publish"],
            ip=client_ip(request)), inline_forbidden=True)
        if outcome:
            messages.success(request, _("提交成功！受理编号 %(number)s，处理进度会通过消息通知您。")
                             % {"number": outcome.value.number})
            return redirect("appeals:detail", pk=outcome.value.pk)
        status = outcome.status  # 400, or 429 when the resident submits too often
    elif request.method == "POST":
        status = 400
    return render(request, "appeals/submit.html", {"form": form}, status=status)


@require_GET
def suggest(request):
    """htmx: the category suggested for the text typed so far."""
    category = suggest_category(request.GET.get("text", ""))
    return render(request, "appeals/_suggestion.html", {"category": category})


@require_GET
@login_required
def mine(request):
    if request.user.is_portal_staff:  # staff have no appeals of their own: their territory's are on the worklist
        return redirect("appeals:worklist")
    page = Paginator(appeals_visible_to(request.user).order_by("-created_at"), 20).get_page(request.GET.get("page"))
    return render(request, "appeals/mine.html", {"page": page})
