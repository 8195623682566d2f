"""What a dashboard page shows: a territory (district › street › community › grid) and a date range.

Both come from the query string, so a view can be shared by its URL:

    ?street=<id> | ?community=<id> | ?grid=<id>         the narrowest one given wins
    ?preset=7|30|90|month|last_month|year               a named range ending today (default 30)
    ?from=YYYY-MM-DD&to=YYYY-MM-DD                      any range (the date picker); wins over preset
    ?days=7|30|90                                       the old links, read as the preset

A territory outside the user's scope is refused with the reason (a community admin never sees
another community); an unknown id is a 404; a bad date range falls back to the default with a
warning, never an error. Every value is read through `taijiang.core.http`.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.http import parse_date, parse_id
from taijiang.users.scope import Level

DEFAULT_PRESET = "30"
MAX_DAYS = 731  # two years: longer ranges belong in the monthly reports, not one page
PRESETS = {
    "7": _("最近 7 天"),
    "30": _("最近 30 天"),
    "90": _("最近 90 天"),
    "month": _("本月"),
    "last_month": _("上月"),
    "year": _("今年"),
}


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date
    preset: str = ""  # "" for a custom range

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return start, end

    def previous(self) -> "Period":
        """The range of the same length just before this one (for the comparison)."""
        if self.preset == "last_month" or (self.preset == "month" and self.date_from.day == 1
                                           and self.date_to.day == _month_end(self.date_to).day):
            last = self.date_from - datetime.timedelta(days=1)
            return Period(last.replace(day=1), last)
        to = self.date_from - datetime.timedelta(days=1)
        return Period(to - datetime.timedelta(days=self.days - 1), to)

    @classmethod
    def ending(cls, today: datetime.date, days: int) -> "Period":
        return cls(today - datetime.timedelta(days=days - 1), today, str(days))

    def query(self) -> dict:
        if self.preset:
            return {"preset": self.preset}
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}


def _month_end(day: datetime.date) -> datetime.date:
    first_next = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first_next - datetime.timedelta(days=1)


def preset_period(preset: str, today: datetime.date) -> Period:
    if preset in ("7", "30", "90"):
        return Period.ending(today, int(preset))
    if preset == "month":
        return Period(today.replace(day=1), today, preset)
    if preset == "last_month":
        last = today.replace(day=1) - datetime.timedelta(days=1)
        return Period(last.replace(day=1), last, preset)
    if preset == "year":
        return Period(today.replace(month=1, day=1), today, preset)
    raise KeyError(preset)


def parse_period(params, today: datetime.date) -> tuple[Period, str | None]:
    """The period asked for and a warning when the request's values could not be used."""
    default = preset_period(DEFAULT_PRESET, today)
    if "from" in params or "to" in params:
        date_from, date_to = parse_date(params.get("from")), parse_date(params.get("to"))
        if date_from is None or date_to is None:
            return default, str(_("日期无效，已改为显示最近 30 天。"))
        if date_from > date_to:
            return default, str(_("开始日期晚于结束日期，已改为显示最近 30 天。"))
        if (date_to - date_from).days + 1 > MAX_DAYS:
            return default, str(_("时间范围最长两年，已改为显示最近 30 天。"))
        return Period(date_from, date_to), None
    preset = params.get("preset", params.get("days"))
    if preset is None:
        return default, None
    if preset not in PRESETS:
        return default, str(_("时间范围无效，已改为显示最近 30 天。"))
    return preset_period(preset, today), None


@dataclass
class Territory:
    """The place a dashboard page is about, already checked against the user's scope."""

    level: str
    street: object = None
    community: object = None
    grid: object = None
    communities: list = field(default_factory=list)  # evaluated once; the grid's own community at grid level

    @property
    def community_ids(self) -> list[int]:
        return [c.pk for c in self.communities]

    @property
    def grid_ids(self) -> list[int] | None:
        return [self.grid.pk] if self.grid is not None else None

    @property
    def street_ids(self) -> list[int]:
        """Streets whose own centres belong to this territory (street and district levels only)."""
        if self.level == Level.STREET:
            return [self.street.pk]
        if self.level == Level.DISTRICT:
            return sorted({c.street_id for c in self.communities})
        return []

    @property
    def label(self) -> str:
        if self.grid is not None:
            return f"{self.community} · {self.grid.name}"
        return str(self.community or self.street or _("全区"))

    def query(self) -> dict:
        if self.grid is not None:
            return {"grid": self.grid.pk}
        if self.community is not None:
            return {"community": self.community.pk}
        if self.street is not None:
            return {"street": self.street.pk}
        return {}

    def breadcrumbs(self, home_level: str) -> list[tuple[str, dict]]:
        """(label, query) from the user's own level down to this one."""
        crumbs = []
        if home_level == Level.DISTRICT:
            crumbs.append((str(_("全区")), {}))
        if self.street is not None and home_level in (Level.DISTRICT, Level.STREET):
            crumbs.append((str(self.street), {"street": self.street.pk}))
        if self.community is not None:
            crumbs.append((str(self.community), {"community": self.community.pk}))
        if self.grid is not None:
            crumbs.append((self.grid.name, {"grid": self.grid.pk}))
        return crumbs


def _refuse_outside():
    raise PermissionDenied(_("您只能查看本人管辖范围内的数据看板。"))


def resolve_territory(params, scope) -> Territory:
    """The territory asked for, narrowed to the user's scope; refusal with the reason outside it."""
    from grid.models import Community, Grid, Street

    grid_id, community_id, street_id = (parse_id(params.get(k)) for k in ("grid", "community", "street"))
    for key, value in (("grid", grid_id), ("community", community_id), ("street", street_id)):
        if params.get(key) not in (None, "") and value is None:
            raise Http404
    if grid_id:
        grid = Grid.objects.select_related("community__street").filter(pk=grid_id).first()
        if grid is None:
            raise Http404
        if scope.level not in (Level.DISTRICT, Level.STREET, Level.COMMUNITY) or not scope.covers(grid):
            _refuse_outside()
        return Territory(Level.GRID, street=grid.community.street, community=grid.community, grid=grid,
                         communities=[grid.community])
    if community_id:
        community = Community.objects.select_related("street").filter(pk=community_id).first()
        if community is None:
            raise Http404
        if not scope.covers(community):
            _refuse_outside()
        return Territory(Level.COMMUNITY, street=community.street, community=community, communities=[community])
    if street_id:
        street = Street.objects.filter(pk=street_id).first()
        if street is None:
            raise Http404
        if scope.level == Level.STREET and street.pk in scope.street_ids or scope.level == Level.DISTRICT:
            return Territory(Level.STREET, street=street,
                             communities=list(Community.objects.filter(street=street).select_related("street")
                                              .order_by("code")))
        _refuse_outside()
    # Nothing asked: the user's own territory.
    communities = list(scope.communities.order_by("street__code", "code"))
    if scope.level == Level.COMMUNITY:
        return Territory(Level.COMMUNITY, street=communities[0].street, community=communities[0],
                         communities=communities)
    if scope.level == Level.STREET:
        street = Street.objects.get(pk=next(iter(scope.street_ids)))
        return Territory(Level.STREET, street=street, communities=communities)
    return Territory(Level.DISTRICT, communities=communities)


def url_query(*parts: dict, **extra) -> str:
    """A query string from dicts of parameters (later ones win), without empty values."""
    merged = {}
    for part in (*parts, extra):
        merged.update(part)
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})
