"""Who may do what in the notification centre. Deny by default."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from taijiang.core.exceptions import NotAllowed
from taijiang.users.models import ADMIN_ROLES

MANAGE_REFUSED = gettext_noop("只有社区、街道和区级管理员可以查看和重试发送失败的通知。")


def can_manage_deliveries(user) -> bool:
    """Community, street and district admins see (and retry) failed deliveries in their territory."""
    return bool(getattr(user, "is_authenticated", False) and (user.role in ADMIN_ROLES or user.is_superuser))


def ensure_can_manage_deliveries(user) -> None:
    if not can_manage_deliveries(user):
        raise NotAllowed(_(MANAGE_REFUSED))
