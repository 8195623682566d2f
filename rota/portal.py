"""Navigation and home cards of the rota app (a few queries, none per row)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, NavItem
from taijiang.users.models import Role

NAV_SECTION = "services"
NAV = [
    NavItem(label=_("排班值班"), url_name="rota:index", roles=frozenset({Role.COMMUNITY_ADMIN}), order=64),
    NavItem(label=_("开放时间"), url_name="rota:hours", roles=frozenset({Role.COMMUNITY_ADMIN}), order=65),
    NavItem(label=_("我的排班"), url_name="rota:my_shifts",
            roles=frozenset({Role.WINDOW_STAFF, Role.GRID_WORKER, Role.COMMUNITY_ADMIN}), order=66),
]


def home_cards(user) -> list[HomeCard]:
    """Community admins: uncovered periods in the coming two weeks, pending swaps, no published rota."""
    if not user.is_authenticated or user.role != Role.COMMUNITY_ADMIN or not user.community_id:
        return []
    from .selectors import pending_swaps, uncovered_periods

    gaps = uncovered_periods([user.community_id])
    uncovered = [g for g in gaps if g.reason == "uncovered"]
    unpublished = sorted({g.day for g in gaps if g.reason == "no_rota"})
    cards = []
    link = reverse("rota:index")
    if uncovered:
        first = uncovered[0]
        cards.append(HomeCard(title=_("未来两周无人覆盖的时段"), url=link, count=len(uncovered), urgent=True, order=30,
                              description=f"{first.day:%m-%d} {first.opens:%H:%M}–{first.closes:%H:%M} "
                                          f"{first.kind_label}"))
    if unpublished:
        cards.append(HomeCard(title=_("未来两周尚无已发布的排班"), url=link, count=len(unpublished), urgent=True,
                              order=31, description=str(_("预约和取号按开放时间照常提供，但无法确认有人值班。"))))
    swaps = pending_swaps(user).count()
    if swaps:
        cards.append(HomeCard(title=_("待审批的换班申请"), url=link, count=swaps, urgent=True, order=32))
    return cards
