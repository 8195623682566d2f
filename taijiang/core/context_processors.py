from django.conf import settings

from .portal import FLAT_MENU_MAX, current_item, nav_items_for, nav_sections
from .views import elder_mode_on


def portal(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = nav_items_for(user)
    grouped = user.is_authenticated and not user.is_resident and len(items) > FLAT_MENU_MAX
    current = current_item(items, request.path)
    return {
        "nav_items": items,
        "nav_current": current.url if current else "",
        "nav_sections": nav_sections(items, current) if grouped else [],
        "portal_debug": settings.DEBUG,
        "elder_mode": elder_mode_on(request),
    }
