"""Who may open the dashboards: community, street and district admins (and superusers)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from taijiang.users.models import Role
from taijiang.users.scope import scope_for

DASHBOARD_ROLES = frozenset({Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN})


def can_see_dashboard(user) -> bool:
    return getattr(user, "is_authenticated", False) and (user.is_superuser or user.role in DASHBOARD_ROLES)


def dashboard_scope(user):
    """The user's scope, or PermissionDenied with the reason for everyone else."""
    if not can_see_dashboard(user):
        raise PermissionDenied(_("数据看板仅向社区、街道和区级管理员开放。"))
    scope = scope_for(user)
    if scope.is_empty:
        raise PermissionDenied(_("您的账号尚未关联社区或街道，无法查看数据看板。"))
    return scope
