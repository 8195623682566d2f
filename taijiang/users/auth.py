"""API authentication: hashed, expiring tokens (django-rest-knox) with the portal's own rules."""

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
