"""Territory reads shared by every app."""

import datetime

from django.db.models import Q, QuerySet

from .models import Building, Community, Grid, OpeningPeriod, ServiceCentre


def opening_periods_on(centre: ServiceCentre, day: datetime.date) -> list[OpeningPeriod]:
    """The periods a centre is open on a calendar day (season-aware; holidays are the caller's)."""
    return list(
        OpeningPeriod.objects.filter(centre=centre, weekday=day.weekday())
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("opens")
    )


def is_centre_open(centre: ServiceCentre, moment: datetime.datetime) -> bool:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return any(p.opens <= local.time() < p.closes for p in opening_periods_on(centre, local.date()))


def buildings_in(*, grids: QuerySet[Grid] | None = None, community: Community | None = None) -> QuerySet[Building]:
    qs = Building.objects.select_related("grid__community__street")
    if grids is not None:
        qs = qs.filter(grid__in=grids)
    if community is not None:
        qs = qs.filter(grid__community=community)
    return qs
