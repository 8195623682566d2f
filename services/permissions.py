"""Who may do what in the one-window service. Deny by default."""

from django.utils.translation import gettext as _

from taijiang.core.exceptions import NotAllowed
from taijiang.users.models import Role
from taijiang.users.scope import scope_for

COUNTER_ROLES = (Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN)
# Admins who see the holiday calendar; it is district-wide, so only district admins change it.
CALENDAR_ROLES = (Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN)


def _district(user) -> bool:
    return user.is_superuser or user.role == Role.DISTRICT_ADMIN


def can_edit_catalogue(user) -> bool:
    """The catalogue is one published list for the whole district: district admins edit and
    publish it. A street asks for a new task through admission (准入), which it proposes."""
    return user.is_authenticated and _district(user)


def can_view_calendar(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in CALENDAR_ROLES)


def can_edit_calendar(user) -> bool:
    """Every deadline in the district is counted on the one calendar: district admins only."""
    return user.is_authenticated and _district(user)


def can_configure_admission(user) -> bool:
    return user.is_authenticated and _district(user)


def can_propose_admission(user) -> bool:
    return user.is_authenticated and user.role == Role.STREET_ADMIN


def is_counter_staff(user) -> bool:
    return user.is_authenticated and (user.role in COUNTER_ROLES or _district(user))


def can_handle_request(user, request) -> bool:
    """Status changes of a request: the window side of its community, its street, the district."""
    if not user.is_authenticated:
        return False
    if _district(user):
        return True
    if user.role in COUNTER_ROLES:
        return request.community_id == user.community_id
    if user.role == Role.STREET_ADMIN:
        return request.community.street_id == user.street_id
    return False


def can_work_proxy(user, request) -> bool:
    return request.is_proxy and (request.assignee_id == user.pk or can_handle_request(user, request))


def can_file_for_resident(user, resident) -> bool:
    """Staff may start a request for a registry resident inside their own territory."""
    if not user.is_authenticated or not user.is_portal_staff:
        return False
    grid = resident.household.building.grid
    if user.role == Role.GRID_WORKER:
        return scope_for(user).covers(grid)
    return scope_for(user).covers(grid.community)


def can_be_assignee(user, request) -> bool:
    if not user.is_active:
        return False
    if user.role == Role.GRID_WORKER:
        if request.grid_id is not None:
            return request.grid_id in scope_for(user).grid_ids
        return user.community_id == request.community_id
    return user.role in COUNTER_ROLES and user.community_id == request.community_id


def can_operate_centre(user, centre) -> bool:
    if not user.is_authenticated:
        return False
    if _district(user):
        return True
    return user.role in COUNTER_ROLES and centre.community_id is not None and centre.community_id == user.community_id


def require(condition: bool, message=None) -> None:
    if not condition:
        raise NotAllowed(message or _("您没有权限执行此操作。"))
