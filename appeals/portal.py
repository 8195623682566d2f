"""Navigation, home cards and the “我的” section of the appeals app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, MineSection, NavItem
from taijiang.users.models import Role

from .selectors import appeals_visible_to, worklist_for
from .workflow import OPEN_STATUSES, Status

STAFF = frozenset({Role.WINDOW_STAFF, Role.GRID_WORKER, Role.COMMUNITY_ADMIN, Role.STREET_ADMIN,
                   Role.DISTRICT_ADMIN})
MANAGERS = frozenset({Role.STREET_ADMIN, Role.DISTRICT_ADMIN, "admin"})

NAV_SECTION = "appeals"
NAV = [
    NavItem(label=_("说事"), url_name="appeals:submit", roles=frozenset({Role.RESIDENT}), order=20, icon="💬",
            tile=True, description=_("随手一拍，件件有着落")),
    NavItem(label=_("说事公开栏"), url_name="appeals:board", roles=frozenset({Role.RESIDENT, "anonymous"}), order=60),
    NavItem(label=_("诉求工作台"), url_name="appeals:worklist", roles=STAFF, order=20),
    NavItem(label=_("诉求分类"), url_name="appeals:categories", roles=MANAGERS, order=80),
    NavItem(label=_("常用答复"), url_name="appeals:canned_replies", roles=MANAGERS, order=81),
    NavItem(label=_("Open311 接口密钥"), url_name="appeals:api_keys", roles=MANAGERS, order=82),
]


def home_cards(user) -> list[HomeCard]:
    if not user.is_authenticated:
        return []
    if user.role == Role.RESIDENT:
        mine = appeals_visible_to(user)
        waiting = mine.filter(status=Status.REPLIED, rated_at__isnull=True).count()
        open_count = mine.filter(status__in=OPEN_STATUSES).count()
        cards = [HomeCard(title=str(_("我的诉求（办理中）")), url=reverse("appeals:mine"), count=open_count, order=30)]
        if waiting:
            cards.append(HomeCard(title=str(_("诉求已答复，等您评价")), url=reverse("appeals:mine"), count=waiting,
                                  urgent=True, order=20))
        return cards
    if user.role == Role.GRID_WORKER:
        mine = worklist_for(user)
        return [
            HomeCard(title=str(_("本网格待办诉求")), url=reverse("appeals:worklist"), count=mine.count(), order=20),
            HomeCard(title=str(_("超时诉求")), url=reverse("appeals:worklist"), count=mine.filter(is_overdue=True).count(),
                     urgent=True, order=21, description=str(_("请优先处理"))),
        ]
    if user.role in (Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.WINDOW_STAFF):
        overdue = worklist_for(user, only_my_level=False).filter(is_overdue=True).count()
        return [HomeCard(title=str(_("辖区超时诉求")), url=reverse("appeals:worklist") + "?all=1", count=overdue,
                         urgent=bool(overdue), order=25)]
    return []


def mine_sections(user) -> list[MineSection]:
    if not user.is_authenticated or user.role != Role.RESIDENT:
        return []
    appeals = list(appeals_visible_to(user).order_by("-created_at")[:5])
    return [MineSection(title=str(_("我的诉求")), template="appeals/_mine_section.html",
                        context={"appeals": appeals}, order=20)]
