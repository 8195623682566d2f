"""Who may do what with the household register, visits and personal data (deny by default).

| action                               | who                                                          |
|--------------------------------------|--------------------------------------------------------------|
| see the register (pages, API)        | grid workers (their grids), community admins (their          |
|                                      | community), street admins (their street), district admins    |
| edit households and residents        | grid workers and community admins in scope, district admins  |
| log a visit                          | grid workers (their grids) and community admins (community)  |
| reveal a full ID number / phone      | the grid worker of the resident's grid and the admin of the  |
|                                      | resident's community — nobody else (not street or district   |
|                                      | admins, not window staff); every reveal is logged            |
| export with full values              | the same two roles, for their scope; logged per resident     |
| import a spreadsheet                 | community admins (their community), district admins          |
| edit the visit policy                | the community's admins, district admins                      |

Window staff work at the counter and never see the register; residents see only their own data
through the resident pages of other apps.
"""

from django.utils.translation import gettext_lazy as _

from taijiang.users.models import Role
from taijiang.users.scope import scope_for

REGISTER_ROLES = frozenset({Role.GRID_WORKER, Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN})
EDITOR_ROLES = frozenset({Role.GRID_WORKER, Role.COMMUNITY_ADMIN, Role.DISTRICT_ADMIN})
VISITOR_ROLES = frozenset({Role.GRID_WORKER, Role.COMMUNITY_ADMIN})
REVEAL_ROLES = frozenset({Role.GRID_WORKER, Role.COMMUNITY_ADMIN})

WINDOW_STAFF_REFUSED = _("窗口人员不能查看住户档案：入户走访和住户信息由网格员和社区管理员负责。")
RESIDENT_REFUSED = _("住户档案仅供网格员和社区管理员使用。")
NO_REGISTER_ACCESS = _("您的账号没有查看住户档案的权限。")


def register_refusal(user):
    """The message for a user who may not see the register, or None when they may."""
    if not getattr(user, "is_authenticated", False):
        return NO_REGISTER_ACCESS
    if user.is_superuser or user.role in REGISTER_ROLES:
        return None
    if user.role == Role.WINDOW_STAFF:
        return WINDOW_STAFF_REFUSED
    if user.role == Role.RESIDENT:
        return RESIDENT_REFUSED
    return NO_REGISTER_ACCESS


def can_edit_register(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in EDITOR_ROLES)


def _in_scope(user, grid) -> bool:
    return scope_for(user).covers(grid)


def can_edit_household(user, household) -> bool:
    return can_edit_register(user) and _in_scope(user, household.building.grid)


def can_log_visit(user, household) -> bool:
    return (user.is_authenticated and user.role in VISITOR_ROLES
            and _in_scope(user, household.building.grid))


def can_reveal(user, resident) -> bool:
    """Reveal is narrower than seeing: only the people who work with this resident."""
    if not user.is_authenticated or user.role not in REVEAL_ROLES:
        return False
    return _in_scope(user, resident.household.building.grid)


def can_export_full(user) -> bool:
    return user.is_authenticated and user.role in REVEAL_ROLES


def can_import(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in (Role.COMMUNITY_ADMIN, Role.DISTRICT_ADMIN))


def can_edit_policy(user, community) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.DISTRICT_ADMIN:
        return True
    return user.role == Role.COMMUNITY_ADMIN and user.community_id == community.pk
