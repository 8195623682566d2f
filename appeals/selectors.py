"""Reads shared by the pages, the API, Open311, the portal cards and the dashboard."""

import datetime
import math
from decimal import Decimal

from django.db.models import Avg, Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from taijiang.core.http import parse_id
from taijiang.users.models import Role
from taijiang.users.scope import scope_for

from .conf import DUPLICATE_WINDOW_DAYS
from .models import Appeal, AppealEvent, Category, Level
from .permissions import user_level
from .redact import redact
from .workflow import OPEN_STATUSES, RESOLVED_STATUSES, Status

LIST_RELATED = ("category", "grid__community", "community", "street", "building")


def appeals_base() -> QuerySet[Appeal]:
    return Appeal.objects.select_related(*LIST_RELATED)


def appeals_visible_to(user) -> QuerySet[Appeal]:
    """Residents: their own appeals (or those filed for their registry entry). Staff: their territory."""
    qs = appeals_base()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if not user.is_portal_staff and not user.is_superuser:
        # The register id first (one indexed look-up), so that the filter is an OR of two indexed
        # columns of the appeal (a BitmapOr); an OR across a join to the register scans every appeal.
        from grid.models import Resident

        resident_id = Resident.objects.filter(user=user).values_list("pk", flat=True).first()
        own = Q(submitter=user)
        if resident_id is not None:
            own |= Q(registry_resident_id=resident_id)
        return qs.filter(own)
    return scope_for(user).filter(qs, grid="grid", community="community", street="street")


def appeals_by_numbers(numbers, user) -> dict[str, Appeal]:
    """Appeals with these tracking numbers that `user` may see, by number (others are left out)."""
    numbers = [str(n).strip().upper() for n in numbers if n]
    return {a.number: a for a in appeals_visible_to(user).filter(number__in=numbers)}


def registry_row_in_territory(user, model, pk, *, grid_path: str):
    """A registry row (building, resident, visit) by id if it lies in the staff member's territory, else None."""
    if (pk := parse_id(pk)) is None:
        return None
    return scope_for(user).filter(model.objects.all(), grid=grid_path).filter(pk=pk).first()


def worklist_for(user, *, only_my_level: bool = True, statuses=OPEN_STATUSES) -> QuerySet[Appeal]:
    """Open appeals for a staff member (or those in `statuses`, None for every status), overdue
    first, then by the nearest deadline."""
    qs = appeals_visible_to(user)
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    level = user_level(user)
    if only_my_level and level and not user.is_superuser and user.role != Role.DISTRICT_ADMIN:
        qs = qs.filter(level=level)
    return qs.annotate(
        overdue_rank=Case(When(is_overdue=True, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("overdue_rank", "resolve_due", "created_at")


# Filters the dashboards link with (taijiang/dashboard/links.py): the same territory and dates.
LIST_FILTERS = ("status", "overdue", "community", "grid", "street", "category", "from", "to", "q", "level")
SEARCH_MAX = 50


def worklist_filters(params) -> dict:
    """The worklist's filters from a query string, each value parsed (unusable ones dropped).

    status: one status, "resolved" (replied or closed), "any"; overdue=1: only open overdue ones;
    community / grid / street / category: ids (territory ones only narrow the user's scope);
    from / to: local submission dates, inclusive; q: a tracking number or words of the text or the
    place; level: the level holding the case (grid, community, street)."""
    from taijiang.core.http import clean_text, parse_date

    status = params.get("status", "")
    statuses = OPEN_STATUSES
    if status == "any":
        statuses = None
    elif status == "resolved":
        statuses = RESOLVED_STATUSES
    elif status in Status.values:
        statuses = (status,)
    return {"statuses": statuses, "status": status if status in (*Status.values, "any", "resolved") else "",
            "overdue": params.get("overdue") == "1",
            **{key: parse_id(params.get(key)) for key in ("community", "grid", "street", "category")},
            "from": parse_date(params.get("from")), "to": parse_date(params.get("to")),
            "q": clean_text(params.get("q"), max_length=SEARCH_MAX),
            "level": params.get("level") if params.get("level") in Level.values else ""}


def worklist_filter_choices(user) -> dict:
    """What the worklist's filter form offers: statuses, categories, levels and the grids in scope."""
    from grid.models import Grid

    grids = scope_for(user).filter(Grid.objects.select_related("community"), grid="pk", community="community",
                                   street="community__street")
    return {
        "statuses": [(value, label) for value, label in Status.choices],
        "categories": list(Category.objects.filter(is_active=True).order_by("order", "name").values_list("pk", "name")),
        "levels": list(Level.choices),
        "grids": [(g.pk, f"{g.community.name}·{g.name}") for g in grids.order_by("community__code", "code")],
    }


def apply_worklist_filters(qs: QuerySet[Appeal], filters: dict) -> QuerySet[Appeal]:
    if filters["overdue"]:
        qs = qs.filter(status__in=OPEN_STATUSES, is_overdue=True)
    for key in ("community", "grid", "street", "category"):
        if filters[key]:
            qs = qs.filter(**{key: filters[key]})
    if filters["level"]:
        qs = qs.filter(level=filters["level"])
    if filters["q"]:
        q = filters["q"]
        qs = qs.filter(Q(number__startswith=q.upper()) | Q(text__icontains=q) | Q(address__icontains=q)
                       | Q(building__name__icontains=q))
    tz = timezone.get_current_timezone()
    if filters["from"]:
        qs = qs.filter(created_at__gte=datetime.datetime.combine(filters["from"], datetime.time.min, tzinfo=tz))
    if filters["to"]:
        end = datetime.datetime.combine(filters["to"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        qs = qs.filter(created_at__lt=end)
    return qs


def timeline_for(appeal: Appeal, *, include_internal: bool, for_follower: bool = False):
    """The history rows; internal notes for staff only. A follower (whose own duplicate was merged
    here) sees only what staff and the system wrote, redacted: never the other resident's own
    entries (added information, rating comment, reopening reason)."""
    qs = appeal.events.select_related("actor")
    if not include_internal:
        qs = qs.filter(public=True)
    if not for_follower:
        return qs
    qs = qs.exclude(kind__in=(AppealEvent.Kind.INFO_ADDED, AppealEvent.Kind.RATED))
    if appeal.submitter_id:
        qs = qs.exclude(actor_id=appeal.submitter_id)
    if appeal.registry_resident_id and appeal.registry_resident.user_id:
        qs = qs.exclude(actor_id=appeal.registry_resident.user_id)
    events = list(qs)
    for event in events:
        event.note = redact(event.note)
    return events


def suggest_category(text: str) -> Category | None:
    """The active category whose keywords appear most often in the text (ties: the category order)."""
    text = (text or "").strip()
    if not text:
        return None
    best, best_score = None, 0
    for category in Category.objects.filter(is_active=True).order_by("order", "code"):
        score = sum(text.count(word) for word in category.keyword_list)
        if score > best_score:
            best, best_score = category, score
    return best


def suggested_duplicates(appeal: Appeal, *, limit: int = 5) -> QuerySet[Appeal]:
    """Open or recent appeals of the same category at the same building (or grid) within a few days."""
    if appeal.category_id is None:
        return Appeal.objects.none()
    window = datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    place = Q(building_id=appeal.building_id) if appeal.building_id else Q(pk__in=[])
    if appeal.grid_id:
        place |= Q(grid_id=appeal.grid_id)
    return (
        appeals_base().filter(place, category_id=appeal.category_id,
                              created_at__gte=appeal.created_at - window, created_at__lte=appeal.created_at + window)
        .exclude(pk=appeal.pk).exclude(status__in=(Status.MERGED, Status.DECLINED))
        .order_by("created_at")[:limit]
    )


def public_board() -> QuerySet[Appeal]:
    replies = AppealEvent.objects.filter(kind=AppealEvent.Kind.REPLY, public=True).order_by("at", "pk")
    return (
        Appeal.objects.select_related("category", "community")
        .filter(status__in=RESOLVED_STATUSES, publish_allowed=True)
        .prefetch_related(Prefetch("events", queryset=replies, to_attr="public_replies"))
        .order_by("-resolved_at", "-pk")
    )


def appeal_figures(*, communities=None, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Counts by state, category and level; on-time rate; average rating; unrated share.

    `communities` narrows to those communities (a queryset or ids); the dates bound created_at
    (inclusive, local days).
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    qs = Appeal.objects.filter(created_at__gte=start, created_at__lt=end)
    if communities is not None:
        qs = qs.filter(community__in=communities)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    by_category = dict(qs.values_list("category__name").annotate(n=Count("pk")).order_by())
    by_level = dict(qs.values_list("level").annotate(n=Count("pk")).order_by())
    resolved = qs.filter(status__in=RESOLVED_STATUSES)
    totals = resolved.aggregate(
        n=Count("pk"), late=Count("pk", filter=Q(breaches__kind="resolve"), distinct=True),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        unrated=Count("pk", filter=Q(status=Status.CLOSED, rating__isnull=True)),
        avg=Avg("rating"),
    )
    n = totals["n"]
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_category": {k or "": v for k, v in by_category.items()},
        "by_level": by_level,
        "resolved": n,
        "on_time_rate": round((n - totals["late"]) / n, 4) if n else None,
        "average_rating": round(float(totals["avg"]), 2) if totals["avg"] is not None else None,
        "unrated_share": round(totals["unrated"] / totals["closed"], 4) if totals["closed"] else None,
    }


def nearest_building(lat: Decimal, lng: Decimal, *, max_metres: float = 500):
    """The building with coordinates nearest to a point, within max_metres (else None)."""
    from grid.models import Building

    lat_f, lng_f = float(lat), float(lng)
    box = Decimal("0.01")  # about a kilometre: a cheap pre-filter before exact distances
    candidates = Building.objects.select_related("grid__community__street").filter(
        latitude__range=(lat - box, lat + box), longitude__range=(lng - box, lng + box))
    best, best_d = None, max_metres
    for building in candidates:
        d = _metres(lat_f, lng_f, float(building.latitude), float(building.longitude))
        if d <= best_d:
            best, best_d = building, d
    return best


def _metres(lat1, lng1, lat2, lng2) -> float:
    rad = math.radians
    dlat, dlng = rad(lat2 - lat1), rad(lng2 - lng1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rad(lat1)) * math.cos(rad(lat2)) * math.sin(dlng / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))
