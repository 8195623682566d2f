"""Navigation and home cards of the grid app (collected by taijiang.core.portal)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, NavItem
from taijiang.users.models import Role

from .selectors import households_visible_to

WORKERS = frozenset({Role.GRID_WORKER})
ADMINS = frozenset({Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, "admin"})

NAV_SECTION = "grid"
NAV = [
    NavItem(label=_("待走访"), url_name="grid:due", roles=WORKERS | {Role.COMMUNITY_ADMIN}, order=10),
    NavItem(label=_("记走访"), url_name="grid:visit_create", roles=WORKERS, order=11),
    NavItem(label=_("住户档案"), url_name="grid:household_list", roles=WORKERS | ADMINS, order=12),
    NavItem(label=_("走访覆盖"), url_name="grid:coverage", roles=WORKERS | ADMINS, order=13),
    NavItem(label=_("走访频次"), url_name="grid:policy", roles=frozenset({Role.COMMUNITY_ADMIN}), order=14),
    NavItem(label=_("查看记录"), url_name="grid:access_log", roles=frozenset({Role.COMMUNITY_ADMIN}), order=15),
]


def home_cards(user) -> list[HomeCard]:
    if not user.is_authenticated or user.role not in (Role.GRID_WORKER, Role.COMMUNITY_ADMIN):
        return []
    today = timezone.localdate()
    households = households_visible_to(user).filter(is_active=True)
    due_url = reverse("grid:due")
    due_today = households.filter(next_visit_due=today).count()
    overdue = households.filter(next_visit_due__lt=today).count()
    high = households.filter(next_visit_due__lt=today, risk_rank=1).count()
    return [
        HomeCard(title=_("高风险户逾期未访"), url=due_url, count=high, urgent=high > 0, order=10,
                 description=_("独居、失能、重病等，每周至少一次")),
        HomeCard(title=_("今日应访"), url=due_url, count=due_today, order=11),
        HomeCard(title=_("逾期未访"), url=due_url, count=overdue, urgent=overdue > 0, order=12),
    ]
