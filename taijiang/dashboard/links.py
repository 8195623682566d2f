"""The list behind each figure, with the dashboard's territory and dates applied.

Each list reads the same parameters (`community`, `grid`, `street`, `from`, `to`, plus its own
`status` / `overdue`), so a click on "当前超时 3" opens exactly those three appeals.
"""

from django.urls import reverse

from .filters import url_query


def list_links(territory, period) -> dict[str, str]:
    place = territory.query()
    dates = {"from": period.date_from.isoformat(), "to": period.date_to.isoformat()}
    # Windows and rooms belong to the community's centre: at grid level their lists take the community.
    facility = {"community": territory.community.pk} if territory.grid is not None else place
    worklist = reverse("appeals:worklist")
    requests = reverse("services:request_list")
    return {
        "appeals": f"{worklist}?{url_query({'all': 1, 'status': 'any'}, place, dates)}",
        "appeals_resolved": f"{worklist}?{url_query({'all': 1, 'status': 'resolved'}, place, dates)}",
        "appeals_overdue_open": f"{worklist}?{url_query({'all': 1, 'overdue': 1}, place, dates)}",
        # Overdue now: every open overdue appeal of the territory, whenever it was submitted.
        "appeals_overdue_now": f"{worklist}?{url_query({'all': 1, 'overdue': 1}, place)}",
        "requests": f"{requests}?{url_query(facility, dates)}",
        "requests_online": f"{requests}?{url_query({'channel': 'online'}, facility, dates)}",
        "requests_proxy": f"{requests}?{url_query({'channel': 'proxy'}, facility, dates)}",
        "requests_overdue_open": f"{requests}?{url_query({'overdue': 1}, facility, dates)}",
        "tickets": f"{reverse('services:ticket_list')}?{url_query(facility, dates)}",
        "tickets_served": f"{reverse('services:ticket_list')}?{url_query({'status': 'completed'}, facility, dates)}",
        "tickets_no_show": f"{reverse('services:ticket_list')}?{url_query({'status': 'no_show'}, facility, dates)}",
        "queue_figures": f"{reverse('services:figures')}?{url_query(dates)}",
        "coverage": reverse("grid:coverage"),
        "visits": f"{reverse('grid:visit_list')}?{url_query(place, dates)}",
        "visits_doorstep": f"{reverse('grid:visit_list')}?{url_query({'doorstep': 1}, place, dates)}",
        "bookings": f"{reverse('spaces:manage_bookings')}?{url_query({'held': 1}, facility, dates)}",
        "utilisation": reverse("spaces:figures"),
    }


def heatmap_links(territory, period, heatmap: dict, *, room=None, function=None) -> list[list[str | None]]:
    """Per heatmap cell (weekday × offered hour), the held bookings behind it: the same territory and
    dates, the chosen room or slice function, that weekday and hour (None where nothing is offered)."""
    facility = {"community": territory.community.pk} if territory.grid is not None else territory.query()
    dates = {"from": period.date_from.isoformat(), "to": period.date_to.isoformat()}
    base = f"{reverse('spaces:manage_bookings')}?" + url_query({"held": 1}, facility, dates,
                                                                {"room": room, "function": function})
    return [[None if value is None else f"{base}&weekday={day}&hour={hour}"
             for hour, value in zip(heatmap["hours"], row, strict=True)]
            for day, row in enumerate(heatmap["rows"])]


def item_link(territory, period, item_id) -> str | None:
    """The tickets of one service item behind a row of the by-item table (None: tickets without an item)."""
    if not item_id:
        return None
    facility = {"community": territory.community.pk} if territory.grid is not None else territory.query()
    dates = {"from": period.date_from.isoformat(), "to": period.date_to.isoformat()}
    return f"{reverse('services:ticket_list')}?{url_query({'item': item_id}, facility, dates)}"


def appeal_status_link(territory, period, status: str) -> str:
    dates = {"from": period.date_from.isoformat(), "to": period.date_to.isoformat()}
    return f"{reverse('appeals:worklist')}?{url_query({'all': 1, 'status': status}, territory.query(), dates)}"
