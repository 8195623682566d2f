from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import STAFF_ROLES, Role
from .scope import scope_for


def staff_visible_to(user):
    """Staff accounts inside the user's territory (for admins' staff pages)."""
    scope = scope_for(user)
    qs = get_user_model().objects.filter(role__in=STAFF_ROLES).select_related("community", "street")
    if scope.is_district:
        return qs.order_by("role", "username")
    territory = Q(community__in=scope.community_ids) | Q(street__in=scope.street_ids) | Q(
        community__street__in=scope.street_ids) | Q(grids__in=scope.grids)
    return qs.filter(territory).distinct().order_by("role", "username")


def creatable_roles(user) -> list[tuple[str, str]]:
    """The roles an admin may hand out: never above their own level."""
    allowed = [Role.WINDOW_STAFF, Role.GRID_WORKER]
    if user.is_portal_admin:
        allowed.append(Role.COMMUNITY_ADMIN)
    if user.role in (Role.STREET_ADMIN, Role.DISTRICT_ADMIN) or user.is_superuser:
        allowed.append(Role.STREET_ADMIN)
    if user.role == Role.DISTRICT_ADMIN or user.is_superuser:
        allowed.append(Role.DISTRICT_ADMIN)
    return [(role.value, role.label) for role in allowed]
