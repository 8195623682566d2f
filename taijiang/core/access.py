"""Who may open a page: the one set of view checks every app uses (pages are function views).

    @login_required                      anonymous → the login page with ?next=<this page>
    @role_required(is_admin, message=_("只有社区、街道管理员可以管理场地。"))
    @role_required(Role.DISTRICT_ADMIN, Role.STREET_ADMIN, message=...)
    @access_required(register_refusal)   a check that returns the refusal (or None) itself

Each logs the visitor in first, then refuses the wrong role with PermissionDenied(message): the
shared 403 page (templates/errors/403.html) shows the reason. Checks that need the object
(the appeal, the rota) run inside the view: `deny_unless(condition, message)` for a role rule
(403 with the reason), `in_scope_or_404(user, obj)` for territory (404: outside the scope a page
does not admit the row exists). The API has its own permission classes (taijiang.core.api).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required as _django_login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from taijiang.users.scope import scope_for


def login_required(view):
    """Anonymous visitors go to the login page and come back (`?next=`) after logging in."""
    return _django_login_required(view)


def access_required(refusal: Callable) -> Callable:
    """Log in first; then `refusal(user)` returns why this user may not open the page, or None."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            message = refusal(request.user)
            if message:
                raise PermissionDenied(str(message))
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def role_required(*allowed, message) -> Callable:
    """Log in first; then the user must hold one of `allowed`, else 403 with `message`.

    Each item of `allowed` is a role (Role.COMMUNITY_ADMIN…; superusers pass) or a predicate
    `test(user) -> bool` from the app's permissions.py (is_admin, can_see_register…).
    """
    roles = {item for item in allowed if not callable(item)}
    tests = [item for item in allowed if callable(item)]

    def passes(user) -> bool:
        if roles and (user.is_superuser or user.role in roles):
            return True
        return any(test(user) for test in tests)

    return access_required(lambda user: None if passes(user) else message)


def deny_unless(condition: bool, message) -> None:
    """Inside a view: refuse with the shared 403 page and `message` unless `condition` holds."""
    if not condition:
        raise PermissionDenied(str(message))


def in_scope_or_404(user, obj):
    """`obj` if it lies in the user's territory (taijiang.users.scope.Scope.covers), else 404."""
    if obj is None or not scope_for(user).covers(obj):
        raise Http404
    return obj
