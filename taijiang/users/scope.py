"""The one answer to "what may this user see" (territory scoping), used by every app.

    scope = scope_for(request.user)
    households = scope.filter(Household.objects.all(), grid="building__grid")

`filter` takes the lookup path from the queried model to a Grid, Community or Street and
narrows the queryset to the user's territory. Pass every path the model has; the narrowest one
that matches the user's level is used. A resident's territory is empty: apps filter residents'
own records by owner instead. Outside the scope a detail lookup must answer 404.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet

from .models import Role


class Level:
    NONE = "none"
    GRID = "grid"
    COMMUNITY = "community"
    STREET = "street"
    DISTRICT = "district"


@dataclass(frozen=True)
class Scope:
    level: str
    grid_ids: frozenset = frozenset()
    community_ids: frozenset = frozenset()
    street_ids: frozenset = frozenset()

    @property
    def is_district(self) -> bool:
        return self.level == Level.DISTRICT

    @property
    def is_empty(self) -> bool:
        return self.level == Level.NONE

    def filter(self, qs: QuerySet, *, grid: str | None = None, community: str | None = None,
               street: str | None = None) -> QuerySet:
        """Narrow `qs` to this scope. Each argument is a lookup path to that territory level."""
        if self.level == Level.DISTRICT:
            return qs
        if self.level == Level.NONE:
            return qs.none()
        if self.level == Level.GRID:
            if grid is None:
                return qs.none()  # a grid worker only sees things placed in a grid
            return qs.filter(**{f"{grid}__in": self.grid_ids})
        if self.level == Level.COMMUNITY:
            path = community or (f"{grid}__community" if grid else None)
            return qs.filter(**{f"{path}__in": self.community_ids}) if path else qs.none()
        path = street or (f"{community}__street" if community else None) or (
            f"{grid}__community__street" if grid else None
        )
        return qs.filter(**{f"{path}__in": self.street_ids}) if path else qs.none()

    def q(self, *, grid: str | None = None, community: str | None = None, street: str | None = None) -> Q:
        """The same rule as a Q object, for OR-ing with an owner condition."""
        if self.level == Level.DISTRICT:
            return Q()
        if self.level == Level.GRID and grid:
            return Q(**{f"{grid}__in": self.grid_ids})
        if self.level == Level.COMMUNITY and (community or grid):
            return Q(**{f"{community or grid + '__community'}__in": self.community_ids})
        if self.level == Level.STREET and (street or community or grid):
            path = street or (f"{community}__street" if community else f"{grid}__community__street")
            return Q(**{f"{path}__in": self.street_ids})
        return Q(pk__in=[])

    def covers_grid(self, grid) -> bool:
        if self.level == Level.DISTRICT:
            return True
        if self.level == Level.GRID:
            return grid.pk in self.grid_ids
        if self.level == Level.COMMUNITY:
            return grid.community_id in self.community_ids
        if self.level == Level.STREET:
            return grid.community.street_id in self.street_ids
        return False

    def covers_community(self, community) -> bool:
        if self.level == Level.DISTRICT:
            return True
        if self.level == Level.COMMUNITY:
            return community.pk in self.community_ids
        if self.level == Level.STREET:
            return community.street_id in self.street_ids
        return False

    @cached_property
    def grids(self):
        from grid.models import Grid

        return self.filter(Grid.objects.select_related("community__street"), grid="pk", community="community",
                           street="community__street")

    @cached_property
    def communities(self):
        from grid.models import Community

        if self.level == Level.GRID:
            return Community.objects.filter(grids__in=self.grid_ids).distinct()
        return self.filter(Community.objects.select_related("street"), community="pk", street="street")


NO_SCOPE = Scope(level=Level.NONE)


def scope_for(user) -> Scope:
    """The territory a user may see. Cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return NO_SCOPE
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser or user.role == Role.DISTRICT_ADMIN:
        scope = Scope(level=Level.DISTRICT)
    elif user.role == Role.STREET_ADMIN and user.street_id:
        scope = Scope(level=Level.STREET, street_ids=frozenset({user.street_id}))
    elif user.role in (Role.COMMUNITY_ADMIN, Role.WINDOW_STAFF) and user.community_id:
        scope = Scope(level=Level.COMMUNITY, community_ids=frozenset({user.community_id}))
    elif user.role == Role.GRID_WORKER:
        scope = Scope(level=Level.GRID, grid_ids=frozenset(user.grids.values_list("pk", flat=True)))
    else:
        scope = NO_SCOPE
    user._portal_scope = scope
    return scope
