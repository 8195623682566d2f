"""API authentication: hashed, expiring tokens (django-rest-knox) with the portal's own rules."""

from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class PasswordChangeRequired(exceptions.PermissionDenied):
    default_detail = _("请先登录网站修改初始密码，再使用此应用。")
    default_code = "password_change_required"

    def __init__(self):
        # A dict detail is sent as the body as-is: the readable `detail` plus a `code` a client can test.
        super().__init__({"detail": self.default_detail, "code": self.default_code})

    @classmethod
    def body(cls) -> dict:
        return {"detail": str(cls.default_detail), "code": cls.default_code}


class PortalTokenAuthentication(TokenAuthentication):
    """Knox tokens (header `Authorization: Token <token>`), refused for an account that must first
    change the password an admin gave it: a 403 that says so, not a silent 401."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if user.must_change_password:
            raise PasswordChangeRequired()
        return user, token


class PortalTokenScheme(KnoxTokenScheme):
    """Describes the header in the OpenAPI schema (`Authorization: Token <token>`)."""

    target_class = "taijiang.users.auth.PortalTokenAuthentication"
    name = "tokenAuth"


def token_accepted(view):
    """A page view that serves a file (an appeal photo, a visit photo, a request's material) also
    accepts the API's token, so every file URL in an API answer opens with the credentials that
    fetched the answer. The view then runs as the token's user, with its own checks unchanged:
    another user's token gets the same 404 as another user's session.

    A bad token answers the API's 401 (a 403 when the password must first be changed), never the
    login page. Without an `Authorization: Token …` header the view sees the session as before.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        auth = PortalTokenAuthentication()
        keyword = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0]
        if keyword.lower() == auth.authenticate_header(request).lower():
            try:
                result = auth.authenticate(request)
            except PasswordChangeRequired:
                return JsonResponse(PasswordChangeRequired.body(), status=403)
            except exceptions.AuthenticationFailed as exc:
                return JsonResponse({"detail": str(exc.detail)}, status=401,
                                    headers={"WWW-Authenticate": auth.authenticate_header(request)})
            if result is not None:
                request.user = result[0]
        return view(request, *args, **kwargs)

    return wrapper
