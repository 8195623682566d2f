"""API authentication: hashed, expiring tokens (django-rest-knox) with the portal's own rules."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class PasswordChangeRequired(exceptions.PermissionDenied):
    default_detail = _("请先登录网站修改初始密码，再使用此应用。")
    default_code = "password_change_required"


class PortalTokenAuthentication(TokenAuthentication):
    """Knox tokens (header `Authorization: Token <token>`), refused for an account that must first
    change the password an admin gave it: a 403 that says so, not a silent 401."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if user.must_change_password:
            raise PasswordChangeRequired()
        return user, token
