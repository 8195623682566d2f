"""Navigation, home cards and the “我的” block of the canteen (a few queries, none per row)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, MineSection, NavItem
from taijiang.users.models import Role

NAV_SECTION = "services"
STAFF = frozenset({Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN})
ADMINS = frozenset({Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN})
NAV = [
    NavItem(label=_("长者食堂"), url_name="canteen:index", roles=frozenset({Role.RESIDENT, Role.GRID_WORKER}),
            order=35, icon="🍲", tile=True, description=_("查看本周菜单，为自己或家人订餐")),
    NavItem(label=_("今日送餐"), url_name="canteen:deliveries", roles=frozenset({Role.GRID_WORKER}), order=36),
    NavItem(label=_("长者食堂"), url_name="canteen:index", roles=STAFF, order=67),
    NavItem(label=_("菜单编排"), url_name="canteen:plan", roles=ADMINS, order=68),
    NavItem(label=_("备餐与就餐登记"), url_name="canteen:counter", roles=STAFF, order=69),
    NavItem(label=_("助餐补贴结算"), url_name="canteen:statement", roles=ADMINS, order=70),
]


def home_cards(user) -> list[HomeCard]:
    """A grid worker's deliveries still to make today; staff: today's portions."""
    if not user.is_authenticated:
        return []
    from .models import OrderStatus
    from .selectors import round_orders, rounds_for

    today = timezone.localdate()
    if user.role == Role.GRID_WORKER:
        left = round_orders(rounds_for(user, today)).filter(status=OrderStatus.ASSIGNED).count()
        if not left:
            return []
        return [HomeCard(title=_("今日待送餐"), url=reverse("canteen:deliveries"), count=left, urgent=True, order=25)]
    return []


def mine_sections(user) -> list[MineSection]:
    if not user.is_authenticated or user.role != Role.RESIDENT:
        return []
    from .models import OrderStatus
    from .selectors import orders_visible_to

    orders = orders_visible_to(user).filter(meal__date__gte=timezone.localdate())\
        .exclude(status=OrderStatus.CANCELLED)
    return [MineSection(title=_("我的订餐"), template="canteen/_mine.html", order=45,
                        context={"orders": list(orders[:5])})]
