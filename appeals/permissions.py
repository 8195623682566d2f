"""Who may do what with an appeal (deny by default)."""

from django.contrib.auth import get_user_model

from taijiang.users.models import Role
from taijiang.users.scope import scope_for

from .models import Level

# The level a staff role handles appeals at; window staff file appeals but do not handle them.
ROLE_LEVEL = {
    Role.GRID_WORKER: Level.GRID,
    Role.COMMUNITY_ADMIN: Level.COMMUNITY,
    Role.STREET_ADMIN: Level.STREET,
    Role.DISTRICT_ADMIN: Level.DISTRICT,
}
ROUTING_ROLES = {Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN}
CREATE_ON_BEHALF_ROLES = {Role.GRID_WORKER, Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN, Role.STREET_ADMIN,
                          Role.DISTRICT_ADMIN}


def user_level(user) -> str | None:
    if user.is_superuser:
        return Level.DISTRICT
    return ROLE_LEVEL.get(user.role)


def is_staff(user) -> bool:
    """Staff pages (worklist, filing on a resident's behalf) open for every portal staff role."""
    return user.is_authenticated and (user.is_portal_staff or user.is_superuser)


def is_owner(user, appeal) -> bool:
    if not user.is_authenticated:
        return False
    if appeal.submitter_id == user.pk:
        return True
    resident = appeal.registry_resident
    return resident is not None and resident.user_id == user.pk


def follows(user, appeal) -> bool:
    """The resident's own appeal was merged into this one: they follow it (a limited, redacted view)."""
    if not user.is_authenticated or user.is_portal_staff:
        return False
    return appeal.duplicates.filter(submitter=user).exists()


def can_view(user, appeal) -> bool:
    staff = user.is_authenticated and (user.is_portal_staff or user.is_superuser)
    return is_owner(user, appeal) or (staff and scope_for(user).covers(appeal))


def can_handle(user, appeal) -> bool:
    """Holders of the current level, and admins above it within their territory, may act."""
    level = user_level(user) if user.is_authenticated else None
    if level is None or not scope_for(user).covers(appeal):
        return False
    return Level.rank(level) >= Level.rank(appeal.level)


def can_route(user, appeal) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in ROUTING_ROLES) and scope_for(user).covers(appeal)


def can_create_on_behalf(user, *, grid=None, community=None) -> bool:
    if not user.is_authenticated or not (user.is_superuser or user.role in CREATE_ON_BEHALF_ROLES):
        return False
    scope = scope_for(user)
    if grid is not None:
        return scope.covers(grid)
    if community is not None:
        return scope.covers(community)
    return scope.is_district


def can_administer(user) -> bool:
    """The admin pages (categories, canned replies, Open311 keys) open for district and street admins.

    What each of them may change is narrower: see can_edit_district_settings and api_keys_managed_by.
    """
    return user.is_authenticated and (user.is_superuser or user.role in (Role.DISTRICT_ADMIN, Role.STREET_ADMIN))


def can_edit_district_settings(user) -> bool:
    """Categories (with their deadlines) and canned replies are one list for the whole district:
    a change by one street would change every street's appeals, so only district admins edit them."""
    return user.is_authenticated and scope_for(user).is_district


def api_keys_managed_by(user):
    """The Open311 keys this admin may see and switch: their street's; district admins every key.

    A key without a street is district-wide, so it falls outside every street's scope."""
    from .models import ApiKey

    if not can_administer(user):
        return ApiKey.objects.none()
    return scope_for(user).filter(ApiKey.objects.select_related("street"), street="street")


def holders(appeal, level: str | None = None):
    """The accounts that hold an appeal at a level (grid workers of its grid, the community's admins…)."""
    User = get_user_model()
    level = level or appeal.level
    active = User.objects.filter(is_active=True)
    if level == Level.GRID:
        return active.filter(role=Role.GRID_WORKER, grids=appeal.grid_id) if appeal.grid_id else active.none()
    if level == Level.COMMUNITY:
        return active.filter(role=Role.COMMUNITY_ADMIN, community=appeal.community_id) if appeal.community_id \
            else active.none()
    if level == Level.STREET:
        return active.filter(role=Role.STREET_ADMIN, street=appeal.street_id) if appeal.street_id else active.none()
    return active.filter(role=Role.DISTRICT_ADMIN)
