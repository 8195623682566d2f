from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, NavItem
from taijiang.users.models import Role

from .permissions import can_see_dashboard

NAV_SECTION = "admin"
NAV = [
    NavItem(label=_("我的"), url_name="dashboard:mine", roles=frozenset({Role.RESIDENT}), order=90, icon="👤",
            tile=True, description=_("我的办件、诉求、预约和报名")),
    NavItem(label=_("数据看板"), url_name="dashboard:overview",
            roles=frozenset({Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, "admin"}), order=80),
]


def home_cards(user) -> list[HomeCard]:
    """A link to the overview for admins (no query)."""
    if not can_see_dashboard(user):
        return []
    return [HomeCard(title=_("数据看板"), url=reverse("dashboard:overview"), order=10,
                     description=_("诉求、窗口、走访和场地的运行情况"))]
