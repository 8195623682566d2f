"""Notification centre pages. Thin: selectors read, services write."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taijiang.core.access import login_required, role_required
from taijiang.core.http import safe_next_url
from taijiang.core.pages import attempt

from . import selectors, services
from .forms import ChannelPreferenceForm
from .models import ChannelPreference, Delivery
from .permissions import MANAGE_REFUSED, can_manage_deliveries

PAGE_SIZE = 30


manager_page = role_required(can_manage_deliveries, message=gettext_lazy(MANAGE_REFUSED))


def _safe_next(request, default):
    return safe_next_url(request, request.POST.get("next"), default)


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "can_manage": can_manage_deliveries(request.user),
    })


def unread_badge(request):
    """The header badge, refreshed by htmx every minute (templates/base.html)."""
    count = selectors.unread_count(request.user)
    return render(request, "notifications/_badge.html", {"unread_count": count})


@login_required
@require_POST
def mark_read(request, pk=None):
    services.mark_read(user=request.user, notification_ids=None if pk is None else [pk])
    if request.htmx:
        # The list page swaps the answer in place and refreshes the header badge on this event.
        if pk is None:
            page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
                request.POST.get("page"))
            response = render(request, "notifications/_items.html", {"page": page})
        else:
            notification = selectors.notifications_for(request.user).filter(pk=pk).first()
            if notification is None:
                raise Http404
            response = render(request, "notifications/_item.html", {"n": notification})
        response["HX-Trigger"] = "notificationsRead"
        return response
    return redirect(_safe_next(request, "notifications:list"))


@login_required
def preferences(request):
    prefs = ChannelPreference.objects.filter(user=request.user).first() or ChannelPreference(user=request.user)
    form = ChannelPreferenceForm(request.POST or None, instance=prefs, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.set_channel_preferences(user=request.user, email=form.cleaned_data["email"],
                                         sms=form.cleaned_data["sms"])
        messages.success(request, _("通知偏好已保存。"))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_POST
def send_test(request):
    if attempt(request, None, lambda: services.send_test_notification(user=request.user)):
        messages.success(request, _("测试通知已发出，请查看通知列表和您选择的渠道。"))
    return redirect("notifications:preferences")


@manager_page
def delivery_problems(request):
    page = Paginator(selectors.deliveries_needing_attention(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/problems.html", {
        "page": page, "stale_minutes": int(selectors.STALE_PENDING_AFTER.total_seconds() // 60),
    })


@login_required
@require_POST
def retry(request, pk):
    try:
        retried = attempt(request, None, lambda: services.retry_delivery(actor=request.user, delivery_id=pk))
    except Delivery.DoesNotExist:
        raise Http404
    if retried:
        messages.success(request, _("已重新加入发送队列。"))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(_safe_next(request, "notifications:problems"))
