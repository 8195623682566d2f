"""How apps plug into the shared pages without the project importing their internals.

Each app may have a `portal.py` module with any of:

    NAV: list[NavItem]                      # header navigation, filtered by role
    NAV_SECTION: str                        # the staff menu's job group of the app's items (SECTIONS)
    def home_cards(user) -> list[HomeCard]  # counts and links on the user's home page
    def mine_sections(user) -> list[MineSection]  # blocks on the resident's “我的” page

The project (taijiang.dashboard) collects them in INSTALLED_APPS order.
"""

from dataclasses import dataclass, field, replace
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Staff menus group the items by job (issue #15.6); residents keep a flat menu of a few items.
SECTIONS = {"services": _("服务"), "grid": _("网格"), "appeals": _("诉求"), "spaces": _("空间"), "admin": _("管理")}
FLAT_MENU_MAX = 6  # up to this many items the menu stays one row of links


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # role values from taijiang.users.models.Role; "anonymous" for logged-out
    order: int = 50
    icon: str = ""  # a short emoji/glyph shown on the resident's big tiles
    tile: bool = False  # also a big tile on the home page
    description: str = ""
    section: str = ""  # a key of SECTIONS; empty: the app module's NAV_SECTION

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class HomeCard:
    title: str
    url: str
    count: int | None = None
    description: str = ""
    urgent: bool = False
    order: int = 50


@dataclass(frozen=True)
class MineSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def portal_modules():
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.portal")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.portal":
                raise


def nav_items_for(user) -> list[NavItem]:
    role = user.role if user.is_authenticated else "anonymous"
    items = []
    for module in portal_modules():
        default_section = getattr(module, "NAV_SECTION", "admin")
        for item in getattr(module, "NAV", []):
            if role in item.roles or (user.is_authenticated and user.is_superuser and "admin" in item.roles):
                items.append(item if item.section else replace(item, section=default_section))
    return sorted(items, key=lambda item: item.order)


@dataclass
class NavSection:
    key: str
    label: str
    items: list[NavItem]
    active: bool = False


def current_item(items: list[NavItem], path: str) -> NavItem | None:
    """The menu item of the page shown: the path starts with its URL (its list and the pages under it);
    the longest such URL wins, so /grid/visits/new/ is 记走访, not 待走访 (/grid/)."""
    return max((item for item in items if path.startswith(item.url)), key=lambda item: len(item.url), default=None)


def nav_sections(items: list[NavItem], current: NavItem | None) -> list[NavSection]:
    """The staff menu: items grouped by job in SECTIONS order; the group of the page shown is active."""
    sections = {key: NavSection(key=key, label=str(label), items=[]) for key, label in SECTIONS.items()}
    for item in items:
        section = sections[item.section if item.section in sections else "admin"]
        section.items.append(item)
        section.active = section.active or item is current
    return [section for section in sections.values() if section.items]


def home_cards_for(user) -> list[HomeCard]:
    cards = []
    for module in portal_modules():
        if hasattr(module, "home_cards"):
            cards.extend(module.home_cards(user))
    return sorted(cards, key=lambda card: (not card.urgent, card.order))


def mine_sections_for(user) -> list[MineSection]:
    sections = []
    for module in portal_modules():
        if hasattr(module, "mine_sections"):
            sections.extend(module.mine_sections(user))
    return sorted(sections, key=lambda section: section.order)
