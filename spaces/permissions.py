"""Who may do what with rooms, bookings and activities. Deny by default."""

from django.utils.translation import gettext as _

from taijiang.core.exceptions import NotAllowed
from taijiang.users.models import ADMIN_ROLES, STAFF_ROLES
from taijiang.users.scope import scope_for

from .models import Room


def is_staff(user) -> bool:
    return user.is_authenticated and (user.role in STAFF_ROLES or user.is_superuser)


def is_admin(user) -> bool:
    return user.is_authenticated and (user.role in ADMIN_ROLES or user.is_superuser)


def can_manage_centre(user, centre) -> bool:
    """Community admins manage their centre's rooms; street and district admins theirs."""
    return is_admin(user) and scope_for(user).covers(centre)


def can_run_centre(user, centre) -> bool:
    """Staff on duty at a centre (window staff included): check-in, attendance."""
    return is_staff(user) and scope_for(user).covers(centre)


def require_admin(user) -> None:
    if not is_admin(user):
        raise NotAllowed(_("只有社区、街道管理员可以管理场地。"))


def require_manage(user, centre) -> None:
    require_admin(user)
    if not scope_for(user).covers(centre):
        raise NotAllowed(_("您不能管理其他社区服务中心的场地。"))


def require_may_book(user, room: Room, *, organisation: str = "") -> None:
    if not room.bookable or not room.is_active:
        raise NotAllowed(_("该房间不开放预约。"))
    if is_staff(user):
        if not scope_for(user).covers(room.centre) and room.bookers == Room.Bookers.STAFF:
            raise NotAllowed(_("该房间仅限本中心工作人员预约。"))
        return
    if room.bookers == Room.Bookers.STAFF:
        raise NotAllowed(_("该房间仅限工作人员预约。"))
    if room.bookers == Room.Bookers.ORGANISATIONS and not organisation.strip():
        raise NotAllowed(_("该房间仅限社会组织预约，请填写组织名称。"))
