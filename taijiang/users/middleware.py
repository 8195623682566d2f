from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .auth import PasswordChangeRequired


class PasswordChangeRequiredMiddleware:
    """An account whose password an admin chose reaches nothing but the password-change page
    (and logout, static files, the health check) until its owner picks a password of their own.

    Session requests only; API requests with a token are refused by PortalTokenAuthentication.
    """

    EXEMPT_PREFIXES = ("/static/", "/healthz", "/i18n/", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password and not self._exempt(request):
            if request.path.startswith("/api/"):
                return JsonResponse(PasswordChangeRequired.body(), status=403)
            if getattr(request, "htmx", False):
                # A redirect would swap the whole change page into the part being polled (the
                # header's notification badge polls on every page); htmx leaves a 403 unswapped.
                return HttpResponseForbidden(PasswordChangeRequired.default_detail)
            return redirect("users:password_change")
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        path = request.path
        return path in (reverse("users:password_change"), reverse("users:logout")) or path.startswith(
            self.EXEMPT_PREFIXES)
