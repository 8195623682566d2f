"""Where an appeal lands: its place, its level, the level's deadlines, and moving between levels.

Placement rule (documented in docs/appeals.md):
1. a building (chosen, the resident's own, or the visit's) → that building's grid;
2. otherwise an address naming a known building, or coordinates within 500 m of a building
   with coordinates → that building's grid;
3. otherwise the community given (the resident's community, or the staff member's) → community level;
4. otherwise the district level (the district department sorts it out by routing it down).
The starting level is the higher of the place's level and the category's default level.
"""

from dataclasses import dataclass

from django.db.models import CharField, F, Value
from django.db.models.functions import Length
from django.utils import timezone

from grid.models import Building
from taijiang.workdays.calendar import add_working_hours

from ..conf import DEFAULT_HOURS
from ..models import Level
from ..selectors import nearest_building

MATCH_CANDIDATES = 20  # the longest names found in an address; enough to tell communities apart


@dataclass
class Place:
    building: object = None
    grid: object = None
    community: object = None
    street: object = None

    @property
    def level(self) -> str:
        if self.grid is not None:
            return Level.GRID
        if self.community is not None:
            return Level.COMMUNITY
        return Level.DISTRICT


def place_of(*, building=None, address: str = "", latitude=None, longitude=None, community=None) -> Place:
    if building is None and address:
        building = building_named_in(address)
    if building is None and latitude is not None and longitude is not None:
        building = nearest_building(latitude, longitude)
    if building is not None:
        grid = building.grid
        return Place(building=building, grid=grid, community=grid.community, street=grid.community.street)
    if community is not None:
        return Place(community=community, street=community.street)
    return Place()


def building_named_in(address: str):
    """The building whose full address or name appears in the free address.

    The database finds the names contained in the address (one query, no scan in Python). The
    longest name wins; a building whose community is also named in the address beats one whose
    community is not. Names repeat across communities ("3号楼"): when the best candidates still tie,
    the address is ambiguous and no building is chosen (the appeal is placed by community instead).
    """
    address = (address or "").strip()
    if len(address) < 3:
        return None
    buildings = Building.objects.select_related("grid__community__street")
    exact = buildings.filter(address=address).first()
    if exact:
        return exact
    candidates = list(
        buildings.annotate(_free_address=Value(address, output_field=CharField()))
        .filter(_free_address__contains=F("name")).exclude(name="")
        .order_by(Length("name").desc(), "pk")[:MATCH_CANDIDATES]
    )

    def score(building):
        return (building.grid.community.name in address, len(building.name))

    ranked = sorted(candidates, key=score, reverse=True)
    if not ranked or (len(ranked) > 1 and score(ranked[0]) == score(ranked[1])):
        return None
    return ranked[0]


def starting_level(place: Place, category) -> str:
    level = place.level
    if category is not None and Level.rank(category.default_level) > Level.rank(level):
        level = category.default_level
    return level


def deadlines(category, start) -> tuple:
    hours = (category.accept_hours, category.reply_hours, category.resolve_hours) if category else DEFAULT_HOURS
    return tuple(add_working_hours(start, h) for h in hours)


def enter_level(appeal, level: str, *, now=None) -> None:
    """Put the appeal at `level` with fresh deadlines (the caller saves and writes the history row)."""
    now = now or timezone.now()
    if level in (Level.STREET, Level.DISTRICT) and appeal.street_id is None and appeal.community_id:
        appeal.street_id = appeal.community.street_id
    appeal.level = level
    appeal.level_entered_at = now
    appeal.accept_due, appeal.reply_due, appeal.resolve_due = deadlines(appeal.category, now)
    appeal.is_overdue = False


def reachable(appeal, level: str) -> bool:
    """A level can hold the appeal only when the appeal knows its unit at that level."""
    return {
        Level.GRID: appeal.grid_id is not None,
        Level.COMMUNITY: appeal.community_id is not None,
        Level.STREET: appeal.street_id is not None or appeal.community_id is not None,
        Level.DISTRICT: True,
    }[level]


def next_level(appeal) -> str | None:
    level = Level.above(appeal.level)
    while level is not None and not reachable(appeal, level):
        level = Level.above(level)
    return level
