from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..permissions import can_view, follows
from ..selectors import appeals_base


def visible_appeal_or_404(user, *, allow_followers: bool = False, **lookup):
    """The appeal if `user` may see it (followers of a merged duplicate only where allowed), else 404."""
    appeal = appeals_base().select_related("registry_resident", "merged_into", "source_visit").filter(**lookup).first()
    if appeal is None:
        raise Http404
    if not can_view(user, appeal) and not (allow_followers and follows(user, appeal)):
        raise Http404
    return appeal


def require_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


class Forbidden(PermissionDenied):
    """A refusal whose message the page shows (the project's 403 page does not show messages)."""


def forbidden(request, message) -> HttpResponse:
    return render(request, "appeals/forbidden.html", {"message": message}, status=403)


def require_staff(request):
    if not request.user.is_portal_staff and not request.user.is_superuser:
        raise Forbidden(_("此页面仅供工作人员使用。"))


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields it knows, else the form itself)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def shows_refusals(view):
    """Render a Forbidden raised inside the view as a 403 page that names the reason."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden as exc:
            return forbidden(request, exc.args[0] if exc.args else "")

    return wrapper
