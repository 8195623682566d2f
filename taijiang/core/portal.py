"""How apps plug into the shared pages without the project importing their internals.

Each app may have a `portal.py` module with any of:

    NAV: list[NavItem]                      # header navigation, filtered by role
    def home_cards(user) -> list[HomeCard]  # counts and links on the user's home page
    def mine_sections(user) -> list[MineSection]  # blocks on the resident's “我的” page

The project (taijiang.dashboard) collects them in INSTALLED_APPS order.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # role values from taijiang.users.models.Role; "anonymous" for logged-out
    order: int = 50
    icon: str = ""  # a short emoji/glyph shown on the resident's big tiles
    tile: bool = False  # also a big tile on the home page
    description: str = ""

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
        for item in getattr(module, "NAV", []):
            if role in item.roles or (user.is_authenticated and user.is_superuser and "admin" in item.roles):
                items.append(item)
    return sorted(items, key=lambda item: item.order)


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
