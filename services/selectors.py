"""Reads shared by pages, API, home cards and the dashboard (select_related decided here once)."""

import datetime
from statistics import mean

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractHour, TruncDate
from django.utils import timezone

from taijiang.users.models import Role
from taijiang.users.scope import scope_for

from .models import (
    Appointment,
    ItemMaterial,
    QueueTicket,
    RequestStatus,
    ServiceItem,
    ServiceRequest,
    TicketStatus,
    Window,
)

T = TicketStatus
OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.PRE_REVIEW, RequestStatus.MATERIALS_MISSING,
                 RequestStatus.ACCEPTED, RequestStatus.PROCESSING)


# --- catalogue -------------------------------------------------------------------------

def public_items(*, query: str = "", group: str = "") -> QuerySet[ServiceItem]:
    """Active items; with a query, those that answer it in residents' words, best first (services.search)."""
    qs = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE)
    if group:
        qs = qs.filter(group=group)
    query = (query or "").strip()
    if not query:
        return qs.order_by("group", "order", "code")
    from .search import rank

    ranked = [item.pk for item in rank(item_with_materials(qs).order_by("group", "order", "code"), query)]
    if not ranked:
        return qs.none()
    return qs.filter(pk__in=ranked).order_by(Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)],
                                                  output_field=IntegerField()))


def item_with_materials(qs=None) -> QuerySet[ServiceItem]:
    qs = ServiceItem.objects.all() if qs is None else qs
    return qs.prefetch_related(Prefetch("materials", queryset=ItemMaterial.objects.order_by("order", "pk")))


# --- requests --------------------------------------------------------------------------

def requests_visible_to(user) -> QuerySet[ServiceRequest]:
    """Residents: their own. Staff: their territory, plus proxy tasks assigned to them."""
    qs = ServiceRequest.objects.select_related("item", "community", "assignee", "applicant")
    if not user.is_authenticated:
        return qs.none()
    if user.is_resident:
        return qs.filter(applicant=user)
    scope = scope_for(user)
    return qs.filter(scope.q(grid="grid", community="community") | Q(assignee=user))


def materials_not_uploaded(req: ServiceRequest) -> list[str]:
    """The item's listed materials with no file attached to the request yet (two queries)."""
    attached = set(req.attachments.exclude(material=None).values_list("material_id", flat=True))
    return [m.name for m in req.item.materials.order_by("order", "pk") if m.pk not in attached]


def proxy_tasks_for(user) -> QuerySet[ServiceRequest]:
    return (ServiceRequest.objects.select_related("item", "community").filter(is_proxy=True, assignee=user)
            .exclude(proxy_status="confirmed").order_by("submitted_at"))


# --- queue -----------------------------------------------------------------------------

def centre_for(user):
    from grid.models import ServiceCentre

    if user.is_authenticated and user.community_id:
        return ServiceCentre.objects.filter(community_id=user.community_id).select_related("community").first()
    return None


def waiting_tickets(centre, day: datetime.date | None = None) -> QuerySet[QueueTicket]:
    day = day or timezone.localdate()
    return (QueueTicket.objects.filter(centre=centre, service_date=day, status=T.WAITING)
            .select_related("item", "reserved_for").order_by("-is_priority", "issued_at", "pk"))


def current_calls(centre, day: datetime.date | None = None) -> QuerySet[QueueTicket]:
    day = day or timezone.localdate()
    return (QueueTicket.objects.filter(centre=centre, service_date=day, status__in=(T.CALLED, T.SERVING))
            .select_related("window").order_by("-called_at"))


def windows_of(centre) -> QuerySet[Window]:
    return Window.objects.filter(centre=centre).select_related("staff").order_by("number")


def average_service_minutes(centre, *, now=None, sample: int = 30) -> float:
    """Recent average minutes from call to completion (8 when there is no history today)."""
    now = now or timezone.now()
    rows = (QueueTicket.objects.filter(centre=centre, status=T.COMPLETED, completed_at__isnull=False,
                                       called_at__isnull=False, completed_at__gte=now - datetime.timedelta(days=7))
            .order_by("-completed_at").values_list("called_at", "completed_at")[:sample])
    durations = [(done - called).total_seconds() / 60 for called, done in rows]
    return round(mean(durations), 1) if durations else 8.0


def appointments_by_date(user, *, past_limit: int = 30) -> dict:
    """A resident's appointments as they plan them: the coming ones soonest first, then the past ones
    latest first."""
    mine = appointments_of(user)
    now = timezone.now()
    return {"upcoming": list(mine.filter(slot__start__gte=now).order_by("slot__start", "pk")),
            "past": list(mine.filter(slot__start__lt=now).order_by("-slot__start", "-pk")[:past_limit])}


LIVE_TICKET_STATUSES = (T.WAITING, T.CALLED, T.SERVING)


def live_tickets_of(user) -> list[QueueTicket]:
    """The resident's tickets of today still in the queue or at a window (home and 我的 show them first)."""
    return list(QueueTicket.objects.filter(resident=user, service_date=timezone.localdate(),
                                           status__in=LIVE_TICKET_STATUSES)
                .select_related("centre", "window").order_by("issued_at"))


def ticket_positions(tickets) -> dict[int, dict]:
    """ticket_position for several tickets (a resident's live numbers) in three queries per centre,
    however many tickets: the centre's waiting line is read once and counted in Python."""
    waiting = [t for t in tickets if t.status == T.WAITING]
    positions = {t.pk: {"ahead": 0, "minutes": 0} for t in tickets}
    for centre_id, day in {(t.centre_id, t.service_date) for t in waiting}:
        line = list(QueueTicket.objects.filter(centre_id=centre_id, service_date=day, status=T.WAITING)
                    .values_list("is_priority", "issued_at"))
        open_windows = max(Window.objects.filter(centre_id=centre_id, is_open=True).count(), 1)
        average = average_service_minutes(next(t.centre for t in waiting if t.centre_id == centre_id))
        for ticket in (t for t in waiting if t.centre_id == centre_id):
            if ticket.is_priority:
                ahead = sum(1 for priority, issued in line if priority and issued < ticket.issued_at)
            else:
                ahead = sum(1 for priority, issued in line if priority or issued < ticket.issued_at)
            positions[ticket.pk] = {"ahead": ahead, "minutes": round(average * ahead / open_windows)}
    return positions


def ticket_position(ticket: QueueTicket) -> dict:
    """People ahead and an estimate in minutes: average service time × ahead / open windows."""
    if ticket.status != T.WAITING:
        return {"ahead": 0, "minutes": 0}
    waiting = QueueTicket.objects.filter(centre_id=ticket.centre_id, service_date=ticket.service_date,
                                         status=T.WAITING)
    if ticket.is_priority:
        ahead = waiting.filter(is_priority=True, issued_at__lt=ticket.issued_at)
    else:
        ahead = waiting.filter(Q(is_priority=True) | Q(issued_at__lt=ticket.issued_at))
    count = ahead.count()
    open_windows = max(Window.objects.filter(centre_id=ticket.centre_id, is_open=True).count(), 1)
    minutes = round(average_service_minutes(ticket.centre) * count / open_windows)
    return {"ahead": count, "minutes": minutes}


# --- appointments ----------------------------------------------------------------------

def appointments_of(user) -> QuerySet[Appointment]:
    return Appointment.objects.filter(resident=user).select_related("slot__centre", "item", "ticket")


def appointments_today(centre) -> QuerySet[Appointment]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(timezone.localdate(), datetime.time.min, tzinfo=tz)
    return (Appointment.objects.filter(slot__centre=centre, slot__start__gte=start,
                                       slot__start__lt=start + datetime.timedelta(days=1),
                                       status=Appointment.Status.BOOKED)
            .select_related("slot", "item", "resident").order_by("slot__start"))


# --- figures for dashboards ------------------------------------------------------------

def _avg_minutes(value) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else value / 1_000_000
    return round(seconds / 60, 1)


def _ticket_aggregates() -> dict:
    completed = Q(status=T.COMPLETED)
    return {
        "tickets": Count("pk"),
        "served": Count("pk", filter=completed),
        "no_shows": Count("pk", filter=Q(status=T.NO_SHOW)),
        "avg_wait": Avg(ExpressionWrapper(F("called_at") - F("issued_at"), output_field=DurationField())),
        "avg_service": Avg(ExpressionWrapper(F("completed_at") - F("called_at"), output_field=DurationField()),
                           filter=completed),
    }


def _summary(row: dict) -> dict:
    return {"tickets": row["tickets"], "served": row["served"], "no_shows": row["no_shows"],
            "avg_wait_min": _avg_minutes(row["avg_wait"]), "avg_service_min": _avg_minutes(row["avg_service"])}


def queue_figures(*, centre=None, communities=None, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Wait (issue → call) and service (call → completion) minutes and no-shows, overall and per
    window, item and hour of issue, aggregated by the database. `communities` is a queryset/list of
    communities (a scope)."""
    qs = QueueTicket.objects.filter(service_date__gte=date_from, service_date__lte=date_to)
    if centre is not None:
        qs = qs.filter(centre=centre)
    if communities is not None:
        qs = qs.filter(centre__community__in=communities)
    aggregates = _ticket_aggregates()

    def grouped(expression, **filters):
        rows = (qs.filter(**filters).annotate(key=expression).order_by().values("key")
                .annotate(**aggregates))
        return sorted(((row["key"], _summary(row)) for row in rows), key=lambda pair: pair[0])

    return {
        "total": _summary(qs.order_by().aggregate(**aggregates)),
        "by_window": [{"window": k, **v} for k, v in grouped(F("window__number"),
                                                              window__isnull=False)],
        "by_item": [{"item": k, **v} for k, v in grouped(Coalesce(F("item__name"), Value("")))],
        "by_hour": [{"hour": k, **v} for k, v in grouped(ExtractHour("issued_at"))],
    }


def request_figures(*, communities=None, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Requests submitted in the period: counts by status, proxy count, and on-time rate of the
    completed ones (closed on or before the due date), aggregated by the database."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    qs = ServiceRequest.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    if communities is not None:
        qs = qs.filter(community__in=communities)
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    completed = Q(status=RequestStatus.COMPLETED, due_date__isnull=False)
    figures = qs.annotate(closed_day=TruncDate("closed_at")).aggregate(
        proxy=Count("pk", filter=Q(is_proxy=True)),
        completed_with_due_date=Count("pk", filter=completed),
        on_time=Count("pk", filter=completed & Q(closed_day__lte=F("due_date"))),
        overdue_open=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())),
    )
    done = figures["completed_with_due_date"]
    return {
        "total": sum(by_status.values()),
        "by_status": {value: by_status.get(value, 0) for value in RequestStatus.values},
        "proxy": figures["proxy"],
        "completed_with_due_date": done,
        "on_time": figures["on_time"],
        "on_time_rate": round(figures["on_time"] / done, 3) if done else None,
        "overdue_open": figures["overdue_open"],
    }


def filter_request_list(qs, params):
    """Narrow a staff request list by the dashboard's filters (taijiang/dashboard/links.py):
    community / street ids (inside the scope: they only narrow it), from / to (local submission
    dates, inclusive), channel, and overdue=1 (open and past the promised date). Unusable values
    are ignored."""
    from taijiang.core.http import parse_date, parse_id

    if community := parse_id(params.get("community")):
        qs = qs.filter(community=community)
    if street := parse_id(params.get("street")):
        qs = qs.filter(community__street=street)
    tz = timezone.get_current_timezone()
    if date_from := parse_date(params.get("from")):
        qs = qs.filter(submitted_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to := parse_date(params.get("to")):
        qs = qs.filter(submitted_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1),
                                                                  datetime.time.min, tzinfo=tz))
    if params.get("channel") == "proxy":  # the figure counts requests handled as proxy, whatever the channel
        qs = qs.filter(is_proxy=True)
    elif params.get("channel") in ServiceRequest.Channel.values:
        qs = qs.filter(channel=params["channel"])
    if params.get("overdue") == "1":
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
    return qs


TICKET_LIST_FILTERS = ("from", "to", "community", "street", "status", "item")


def ticket_list_for(user, params):
    """Queue tickets of the community centres in the admin's scope with the dashboards' filters
    (the list behind the 取号 figures): from / to (service dates, inclusive), community / street ids
    (they only narrow the scope), status (a ticket status), item (a service item id: the dashboard's
    by-item table). Unusable values are ignored."""
    from taijiang.core.http import parse_date, parse_id

    qs = QueueTicket.objects.filter(centre__community__isnull=False).select_related("centre__community", "item",
                                                                                   "window")
    communities = staff_scope_communities(user)
    if communities is not None:
        qs = qs.filter(centre__community__in=communities)
    if date_from := parse_date(params.get("from")):
        qs = qs.filter(service_date__gte=date_from)
    if date_to := parse_date(params.get("to")):
        qs = qs.filter(service_date__lte=date_to)
    if community := parse_id(params.get("community")):
        qs = qs.filter(centre__community=community)
    if street := parse_id(params.get("street")):
        qs = qs.filter(centre__community__street=street)
    if params.get("status") in TicketStatus.values:
        qs = qs.filter(status=params["status"])
    if item := parse_id(params.get("item")):
        qs = qs.filter(item=item)
    return qs.order_by("-service_date", "-issued_at", "-pk")


def staff_scope_communities(user):
    if user.is_superuser or user.role == Role.DISTRICT_ADMIN:
        return None
    return scope_for(user).communities


def kiosk_hours(centre, moment: datetime.datetime | None = None) -> dict:
    """Whether the kiosk may issue a queue number now, and when windows open next.

    Numbers are issued only inside an open period (grid.hours: holidays, make-up days, seasons and
    closures included). A centre that has recorded no opening hours at all keeps issuing at any
    time, as before the hours existed."""
    from grid.hours import next_opening, open_period_at
    from grid.models import OpeningPeriod

    moment = moment or timezone.now()
    if not OpeningPeriod.objects.filter(centre=centre).exists():
        return {"open": True, "period": None, "next": None}
    period = open_period_at(centre, moment)
    return {"open": period is not None, "period": period,
            "next": None if period is not None else next_opening(centre, moment)}
