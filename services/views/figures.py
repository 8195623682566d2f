import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from taijiang.core.access import role_required
from taijiang.core.http import parse_date

from .. import selectors
from ..models import RequestStatus

EARLIEST = datetime.date(2000, 1, 1)


@role_required(lambda user: user.is_portal_admin, message=gettext_lazy("统计数据仅对管理员开放。"))
def figures(request):
    user = request.user
    today = timezone.localdate()
    date_from, date_to = parse_date(request.GET.get("from")), parse_date(request.GET.get("to"))
    if date_from is None or date_to is None:
        date_from, date_to = today - datetime.timedelta(days=30), today
    # keep the period inside what the database and the calendar can hold
    date_from, date_to = max(date_from, EARLIEST), min(date_to, today + datetime.timedelta(days=366))
    communities = selectors.staff_scope_communities(user)
    queue = selectors.queue_figures(communities=communities, date_from=date_from, date_to=date_to)
    reqs = selectors.request_figures(communities=communities, date_from=date_from, date_to=date_to)
    labels = dict(RequestStatus.choices)
    return render(request, "services/figures.html", {
        "queue": queue, "reqs": reqs, "date_from": date_from, "date_to": date_to,
        "status_rows": [(labels[k], v) for k, v in reqs["by_status"].items()],
    })


@role_required(lambda user: user.is_portal_admin, message=gettext_lazy("统计数据仅对管理员开放。"))
def ticket_list(request):
    """The tickets behind the dashboard's queue figures, 50 a page (admins only, like the figures)."""
    from urllib.parse import urlencode

    from django.core.paginator import Paginator

    page = Paginator(selectors.ticket_list_for(request.user, request.GET), 50).get_page(request.GET.get("page"))
    kept = urlencode({k: v for k, v in request.GET.items() if k in selectors.TICKET_LIST_FILTERS})
    return render(request, "services/ticket_list.html", {"page": page, "kept_query": kept})
