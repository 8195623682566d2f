"""Who may do what on the rota (deny by default).

Community admins edit their own community's hours and rota; street and district admins may read
the rotas in their scope (the street dashboard) and act as the community admin there. Every
worker sees their own shifts; window staff and grid workers do not see colleagues' rotas except
on the published month page of their own community.
"""

from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import NotAllowed
from taijiang.users.models import ADMIN_ROLES, Role
from taijiang.users.scope import scope_for

WORKER_ROLES = frozenset({Role.WINDOW_STAFF, Role.GRID_WORKER, Role.COMMUNITY_ADMIN})

MANAGE_REFUSED = _("只有本社区的管理员可以编排班表和开放时间。")
READ_REFUSED = _("排班表仅供本社区工作人员和管理员查看。")


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in ADMIN_ROLES)


def can_manage_community(user, community) -> bool:
    """Edit hours, workers, leave and the rota of `community`."""
    return is_admin(user) and scope_for(user).covers(community)


def can_read_community(user, community) -> bool:
    if can_manage_community(user, community):
        return True
    return (user.is_authenticated and user.role in WORKER_ROLES and user.community_id is not None
            and user.community_id == community.pk)


def require(condition: bool, message=None) -> None:
    if not condition:
        raise NotAllowed(message)
