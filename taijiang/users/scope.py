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

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Role


class Level(models.TextChoices):
    """The territory levels, bottom up: a staff member's scope, and the level an appeal is held at
    (小事不出格，大事不出社区). The one Level of the project; an empty scope has level None."""

    GRID = "grid", _("网格")
    COMMUNITY = "community", _("社区")
    STREET = "street", _("街道")
    DISTRICT = "district", _("区职能部门")

    @classmethod
    def order(cls) -> list[str]:
        return [cls.GRID, cls.COMMUNITY, cls.STREET, cls.DISTRICT]

    @classmethod
    def rank(cls, level: str) -> int:
        return cls.order().index(level)

    @classmethod
    def above(cls, level: str) -> str | None:
        order = cls.order()
        index = order.index(level)
        return order[index + 1] if index + 1 < len(order) else None


@dataclass(frozen=True)
class Scope:
    level: str | None  # a Level, or None for nobody's territory (residents, liaisons)
    grid_ids: frozenset = frozenset()
    community_ids: frozenset = frozenset()
    street_ids: frozenset = frozenset()

    @property
    def is_district(self) -> bool:
        return self.level == Level.DISTRICT

    @property
    def is_empty(self) -> bool:
        return self.level is None

    def filter(self, qs: QuerySet, *, grid: str | None = None, community: str | None = None,
               street: str | None = None) -> QuerySet:
        """Narrow `qs` to this scope. Each argument is a lookup path to that territory level."""
        if self.level == Level.DISTRICT:
            return qs
        if self.level is None:
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

    def covers(self, obj) -> bool:
        """Whether `obj` lies in this territory.

        `obj` is a Grid, Community or Street, or any row that carries `grid_id`, `community_id` and/or
        `street_id` (an appeal, a service centre…): it is compared at this scope's own level, so a
        grid worker covers only rows placed in one of their grids and nobody covers what has no
        place at their level.
        """
        if self.level == Level.DISTRICT:
            return True
        if self.level is None:
            return False
        place = _territory_id(obj, self.level)
        return place is not None and place in {
            Level.GRID: self.grid_ids, Level.COMMUNITY: self.community_ids, Level.STREET: self.street_ids,
        }[self.level]

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


NO_SCOPE = Scope(level=None)


def _territory_id(obj, level: str):
    """The id of the unit at `level` that `obj` lies in (None where it has none)."""
    from grid.models import Community, Grid, Street

    if isinstance(obj, Grid):
        if level == Level.GRID:
            return obj.pk
        return obj.community_id if level == Level.COMMUNITY else obj.community.street_id
    if isinstance(obj, Community):
        if level == Level.GRID:
            return None
        return obj.pk if level == Level.COMMUNITY else obj.street_id
    if isinstance(obj, Street):
        return obj.pk if level == Level.STREET else None
    return getattr(obj, f"{level}_id", None)


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
