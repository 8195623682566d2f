"""Home pages per role, the resident's “我的” page and the admins' data overview.

Reads every app, owns no domain data.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.access import login_required
from taijiang.core.portal import home_cards_for, mine_sections_for, nav_items_for
from taijiang.users.scope import Level

from . import selectors
from .exporting import rows_to_csv
from .forms import PeriodForm
from .permissions import dashboard_scope
from .rota_figures import coverage_gaps


def home(request):
    user = request.user
    if not user.is_authenticated:
        tiles = [item for item in nav_items_for(user) if item.tile]
        return render(request, "dashboard/home_public.html", {"tiles": tiles})
    if user.is_resident:
        tiles = [item for item in nav_items_for(user) if item.tile]
        return render(request, "dashboard/home_resident.html", {"tiles": tiles, "cards": home_cards_for(user)})
    return render(request, "dashboard/home_staff.html", {"cards": home_cards_for(user)})


@login_required
def mine(request):
    return render(request, "dashboard/mine.html", {"sections": mine_sections_for(request.user)})


def _period(request) -> tuple[PeriodForm, selectors.Period]:
    """The period asked for; bad input falls back to the default with a message."""
    days = selectors.DEFAULT_PERIOD
    form = PeriodForm(request.GET if "days" in request.GET else None, initial={"days": days})
    if form.is_bound:
        if form.is_valid():
            days = form.cleaned_data["days"]
        else:
            messages.warning(request, _("时间范围无效，已改为显示最近 %(days)s 天。") % {"days": days})
            form = PeriodForm(initial={"days": days})
    return form, selectors.Period.ending(timezone.localdate(), days)


def _scope_context(user):
    scope = dashboard_scope(user)
    communities = list(scope.communities.order_by("street__code", "code"))
    street_ids = None
    if scope.level == Level.STREET:
        street_ids = sorted(scope.street_ids)
    elif scope.level == Level.DISTRICT:
        street_ids = sorted({c.street_id for c in communities})
    return scope, communities, street_ids


@login_required
def overview(request):
    scope, communities, street_ids = _scope_context(request.user)
    form, period = _period(request)
    today = timezone.localdate()
    figures = selectors.overview(communities=communities, period=period, today=today, street_ids=street_ids)
    compare = scope.level in (Level.STREET, Level.DISTRICT)
    rows = selectors.community_rows(communities=communities, period=period, today=today) if compare else []
    charts = {
        "categories": figures["appeals"]["chart"],
        "hours": figures["services"]["chart"],
        "weeks": figures["coverage"]["chart"],
        "trend": figures["trend"],
    }
    return render(request, "dashboard/overview.html", {
        "form": form, "period": period, "figures": figures, "rows": rows, "compare": compare,
        "communities": communities, "scope_level": scope.level, "charts": charts,
        "rota_gaps": coverage_gaps(communities=communities, today=today),
    })


@login_required
def export(request):
    _scope, communities, _streets = _scope_context(request.user)
    _form, period = _period(request)
    rows = selectors.community_rows(communities=communities, period=period, today=timezone.localdate())
    response = HttpResponse(rows_to_csv(rows, period=period).encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"dashboard-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
