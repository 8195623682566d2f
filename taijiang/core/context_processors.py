from django.conf import settings

from .portal import nav_items_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": nav_items_for(user),
        "portal_debug": settings.DEBUG,
    }
