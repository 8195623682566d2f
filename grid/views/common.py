"""Shared bits of the grid pages: the register gate (403 with the reason), ids from
the query string, the client IP, form errors from services."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from ..permissions import register_refusal


def register_staff_required(view):
    """Logged in, and a role that may see the register; otherwise 403 with the reason
    (shown by the shared error page, templates/errors/403.html)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        message = register_refusal(request.user)
        if message:
            raise PermissionDenied(message)
        return view(request, *args, **kwargs)

    return wrapper


