"""Territory reads shared by every app."""

import datetime
import re

from django.db.models import Q, QuerySet

from .models import OpeningPeriod, ServiceCentre


def opening_periods_on(centre: ServiceCentre, day: datetime.date) -> list[OpeningPeriod]:
    """The periods a centre is open on a calendar day (season-aware; holidays are the caller's)."""
    return list(
        OpeningPeriod.objects.filter(centre=centre, weekday=day.weekday())
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("opens")
    )


# --- The household register -----------------------------------------------------------------

def households_visible_to(user) -> QuerySet:
    """Active and inactive households in the user's territory (empty for window staff and residents)."""
    from taijiang.users.scope import scope_for

    from .models import Household

    qs = Household.objects.select_related("building__grid__community")
    if _register_refused(user):
        return qs.none()
    return scope_for(user).filter(qs, grid="building__grid")


def _register_refused(user) -> bool:
    from .permissions import register_refusal

    return register_refusal(user) is not None


# A name matching more households than this is too broad to browse: the list shows the first ones.
NAME_MATCHES = 500


def search_households(qs: QuerySet, *, q: str = "", building: int | str | None = None, door: str = "",
                      identifier_hash: str = "") -> QuerySet:
    """Search by building + door number, by any resident's name (or the door/building text), or
    by `identifier_hash`: the keyed hash of a full ID number or mobile (identifier_search_hash()),
    which is what the pages put in their URL instead of the number itself."""
    from django.db.models import Exists, OuterRef

    from .models import Resident

    if building:
        qs = qs.filter(building_id=building)
    if door:
        qs = qs.filter(door_number__iexact=door.strip())
    q = (q or "").strip()
    if not identifier_hash and q:
        identifier_hash = identifier_search_hash(q) or ""
    if identifier_hash:
        # An ID number or a mobile: matched through the keyed hash, never by decrypting rows.
        by_hash = Resident.objects.filter(Q(id_number_hash=identifier_hash) | Q(phone_hash=identifier_hash),
                                          household=OuterRef("pk"))
        return qs.filter(Exists(by_hash))
    if not q:
        return qs
    # The households of the residents whose name matches, read once (a trigram index on PostgreSQL,
    # migration 0006) instead of a correlated EXISTS evaluated for the page and again for the count.
    by_name = list(
        Resident.objects.filter(name__icontains=q, household__in=qs.values("pk"))
        .values_list("household_id", flat=True).distinct()[:NAME_MATCHES]
    )
    return qs.filter(Q(pk__in=by_name) | Q(door_number__icontains=q) | Q(building__name__icontains=q))


# A run of 7+ digits (an ID number may end in X): part of an ID number or a phone, not a name or a
# door. Searching for part of one is impossible (the values are encrypted) and it must not be
# echoed into a URL either.
_NUMBER_LIKE_RE = re.compile(r"\d{7,}[\dX]?")


def identifier_search_hash(text: str) -> str | None:
    """The lookup hash of a full ID number or mobile typed in a search box, else None.

    The same HMAC as the stored `id_number_hash` / `phone_hash`; an ID number and a mobile never
    share a hash, so one value finds either."""
    from taijiang.core.crypto import lookup_hash
    from taijiang.core.validators import ID_RE, MOBILE_RE, normalize_id_number, normalize_mobile

    if ID_RE.match(normalize_id_number(text)):
        return lookup_hash(normalize_id_number(text))
    if MOBILE_RE.match(normalize_mobile(text)):
        return lookup_hash(normalize_mobile(text))
    return None


def is_partial_identifier(text: str) -> bool:
    """Looks like part of an ID number or phone (7+ digits) without being a whole one."""
    from taijiang.core.validators import normalize_id_number

    compact = normalize_id_number(text).replace("-", "")
    return bool(_NUMBER_LIKE_RE.search(compact)) and identifier_search_hash(text) is None


def with_residents(qs: QuerySet) -> QuerySet:
    from django.db.models import Prefetch

    from .models import Resident

    return qs.prefetch_related(
        Prefetch("residents", queryset=Resident.objects.order_by("pk").prefetch_related("tags"))
    )


def residents_visible_to(user) -> QuerySet:
    from taijiang.users.scope import scope_for

    from .models import Resident

    qs = Resident.objects.select_related("household__building__grid__community")
    if _register_refused(user):
        return qs.none()
    return scope_for(user).filter(qs, grid="household__building__grid")


def households_due_for_visit(user, today: datetime.date, *, horizon_days: int = 0) -> QuerySet:
    """Households whose visit is due by `today` (+ horizon): emergencies first, then highest risk,
    then most overdue. Residents and their tags are prefetched (3 queries in all)."""
    from django.db.models import Case, IntegerField, Value, When

    qs = households_visible_to(user).filter(
        is_active=True, next_visit_due__isnull=False,
        next_visit_due__lte=today + datetime.timedelta(days=horizon_days),
    )
    qs = qs.annotate(emergency_first=Case(When(emergency_reported_at__isnull=False, then=Value(0)), default=Value(1),
                                          output_field=IntegerField()))
    return with_residents(qs.order_by("emergency_first", "risk_rank", "next_visit_due", "building__name",
                                      "door_number"))


DUE_SECTIONS = {0: "overdue", 1: "due_today", 2: "upcoming"}


def by_due_section(due: QuerySet, today: datetime.date) -> QuerySet:
    """The due list grouped for the page: overdue, due today, the coming days; within each, the
    order of households_due_for_visit (emergencies, risk, date)."""
    from django.db.models import Case, IntegerField, Value, When

    return due.annotate(due_section=Case(When(next_visit_due__lt=today, then=Value(0)),
                                         When(next_visit_due=today, then=Value(1)), default=Value(2),
                                         output_field=IntegerField())
                        ).order_by("due_section", *due.query.order_by)


def due_counts(due: QuerySet, today: datetime.date) -> dict:
    """How many households are in each section of the due list (one query)."""
    from django.db.models import Count, Q

    return due.order_by().aggregate(overdue=Count("pk", filter=Q(next_visit_due__lt=today)),
                                    due_today=Count("pk", filter=Q(next_visit_due=today)),
                                    upcoming=Count("pk", filter=Q(next_visit_due__gt=today)))


VISIT_LIST_FILTERS = ("from", "to", "community", "grid", "street", "doorstep")


def filter_visit_list(qs: QuerySet, params) -> QuerySet:
    """The dashboards' filters on the visit list (taijiang/dashboard/links.py): from / to (local visit
    dates, inclusive); community / grid / street ids, which only narrow the user's scope;
    doorstep=1: visits that recorded something done on the spot. Unusable values are ignored."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from taijiang.core.http import parse_date, parse_id

    tz = timezone.get_current_timezone()
    if date_from := parse_date(params.get("from")):
        qs = qs.filter(visited_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to := parse_date(params.get("to")):
        qs = qs.filter(visited_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1),
                                                                datetime.time.min, tzinfo=tz))
    paths = {"grid": "grid", "community": "grid__community", "street": "grid__community__street"}
    for key, path in paths.items():
        if pk := parse_id(params.get(key)):
            qs = qs.filter(**{path: pk})
    if params.get("doorstep") == "1":
        qs = qs.filter(~Q(actions_taken=""))
    return qs.order_by("-visited_at", "-pk")


def visits_visible_to(user) -> QuerySet:
    from taijiang.users.scope import scope_for

    from .models import Visit

    qs = Visit.objects.select_related("household__building__grid", "worker")
    if _register_refused(user):
        return qs.none()
    return scope_for(user).filter(qs, grid="grid")


def access_logs_visible_to(user) -> QuerySet:
    """The reveal log for auditors: community admins (their community), district admins."""
    from taijiang.users.models import Role
    from taijiang.users.scope import scope_for

    from .models import AccessLog

    qs = AccessLog.objects.select_related("actor", "resident__household__building")
    if not user.is_authenticated or not (user.is_superuser or user.role in (Role.COMMUNITY_ADMIN,
                                                                              Role.DISTRICT_ADMIN)):
        return qs.none()
    return scope_for(user).filter(qs, grid="resident__household__building__grid")
