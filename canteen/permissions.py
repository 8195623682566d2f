"""Who may do what at a canteen (deny by default).

- plan and publish menus, plan delivery rounds, read the monthly statement: community, street and
  district admins whose territory covers the canteen's community;
- the counter and the kitchen (serve, no-show, today's counts, orders for anyone eating there):
  those admins and the window staff of the canteen's community;
- ordering for a resident: the resident, a family member registered in the same household, a
  grid worker of the resident's grid, or the canteen's staff as above;
- a delivery round: its grid worker marks its orders delivered (staff may too).
"""

from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import NotAllowed
from taijiang.users.models import ADMIN_ROLES, Role
from taijiang.users.scope import scope_for

MANAGE_REFUSED = _("只有本社区及上级管理员可以管理长者食堂。")
STAFF_REFUSED = _("只有本社区长者食堂的工作人员可以进行此操作。")
NO_REGISTER_ENTRY = _("您的账号尚未关联居民登记信息，请联系社区或网格员。")
FAMILY_ONLY = _("只能为本人或同户登记的家人订餐。")
GRID_ONLY = _("只能为本人负责网格内的居民订餐。")
CANTEEN_ONLY = _("只能为本社区长者食堂订餐。")
ORDER_REFUSED = _("您没有权限为居民订餐。")
ROUND_REFUSED = _("只有该送餐路线的送餐人或食堂工作人员可以标记送达。")


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in ADMIN_ROLES)


def can_manage(user, canteen) -> bool:
    return is_admin(user) and scope_for(user).covers(canteen.community)


def can_staff(user, canteen) -> bool:
    if can_manage(user, canteen):
        return True
    return (user.is_authenticated and user.role == Role.WINDOW_STAFF
            and user.community_id is not None and user.community_id == canteen.community_id)


def is_staff_somewhere(user) -> bool:
    return user.is_authenticated and (is_admin(user) or user.role == Role.WINDOW_STAFF)


def register_entry(user):
    """The user's own resident record in the register, or None."""
    from grid.models import Resident

    if not user.is_authenticated:
        return None
    cached = getattr(user, "_canteen_register_entry", False)
    if cached is False:
        cached = Resident.objects.filter(user=user, status=Resident.Status.ACTIVE).first()
        user._canteen_register_entry = cached
    return cached


def order_refusal(user, *, resident, canteen, grid_id: int):
    """Why `user` may not order for `resident` at `canteen` (None when they may)."""
    if not user.is_authenticated:
        return ORDER_REFUSED
    if user.role == Role.RESIDENT:
        entry = register_entry(user)
        if entry is None:
            return NO_REGISTER_ENTRY
        if entry.pk == resident.pk or entry.household_id == resident.household_id:
            return None
        return FAMILY_ONLY
    if user.role == Role.GRID_WORKER:
        return None if grid_id in scope_for(user).grid_ids else GRID_ONLY
    if is_staff_somewhere(user):
        return None if can_staff(user, canteen) else CANTEEN_ONLY
    return ORDER_REFUSED


def require(condition: bool, message=None) -> None:
    if not condition:
        raise NotAllowed(message)
