"""Time freed (the reform's purpose in one number): the share of community workers' time in the grid.

There is no duty rota yet, so time is estimated from the records the portal already holds, each
activity counted at a fixed number of minutes (settings WORKLOAD_MINUTES_*):

    in the grid = visits logged in the community × visit minutes
                + proxy (代办) cases confirmed by the resident × proxy minutes
    at the desk = queue tickets completed at the community's centre × ticket minutes
                + online pre-applications closed by the community × request minutes

Window-channel requests are not counted again: their desk time is the ticket's. The share is
grid / (grid + desk), None when nothing was recorded. Four aggregate queries for any number of
communities. This module is the workload app's one read of the services app's tables; it only
counts rows and never writes (docs/workload.md, docs/architecture.md).
"""

import datetime
from calendar import monthrange

from django.db.models import Count
from django.utils import timezone

from grid.models import Visit

from . import conf


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    first = month.replace(day=1)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _counts(qs, key: str) -> dict:
    return dict(qs.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def time_in_grid(*, communities, month: datetime.date) -> dict:
    """{community_id: {"grid_minutes", "desk_minutes", "share", "visits", "proxy", "tickets", "requests"}}."""
    from services.models import QueueTicket, ServiceRequest

    ids = [c.pk for c in communities]
    start, end = month_bounds(month)
    visits = _counts(Visit.objects.filter(grid__community_id__in=ids, visited_at__gte=start,
                                          visited_at__lt=end), "grid__community_id")
    proxy = _counts(ServiceRequest.objects.filter(community_id__in=ids, is_proxy=True, confirmed_at__gte=start,
                                                  confirmed_at__lt=end), "community_id")
    tickets = _counts(QueueTicket.objects.filter(centre__community_id__in=ids, status="completed",
                                                 completed_at__gte=start, completed_at__lt=end),
                      "centre__community_id")
    requests = _counts(ServiceRequest.objects.filter(community_id__in=ids, is_proxy=False,
                                                     channel=ServiceRequest.Channel.ONLINE, closed_at__gte=start,
                                                     closed_at__lt=end), "community_id")
    minutes = conf.minutes()
    result = {}
    for community_id in ids:
        row = {"visits": visits.get(community_id, 0), "proxy": proxy.get(community_id, 0),
               "tickets": tickets.get(community_id, 0), "requests": requests.get(community_id, 0)}
        row["grid_minutes"] = row["visits"] * minutes["visit"] + row["proxy"] * minutes["proxy"]
        row["desk_minutes"] = row["tickets"] * minutes["ticket"] + row["requests"] * minutes["request"]
        total = row["grid_minutes"] + row["desk_minutes"]
        row["share"] = round(row["grid_minutes"] * 100 / total, 1) if total else None
        result[community_id] = row
    return result
