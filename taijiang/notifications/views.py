from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def unread_badge(request):
    """The header badge, refreshed by htmx every minute."""
    count = selectors.unread_count(request.user)
    return render(request, "notifications/_badge.html", {"unread_count": count})


@login_required
@require_POST
def mark_read(request, pk=None):
    services.mark_read(user=request.user, notification_ids=None if pk is None else [pk])
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    target = request.POST.get("next")
    return redirect(target if target and target.startswith("/") and not target.startswith("//")
                    else "notifications:list")
