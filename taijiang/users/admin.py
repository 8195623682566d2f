from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import api_tokens_revoke_all


class AdminSetPasswordForm(AdminPasswordChangeForm):
    """A password an admin sets (validators run, as in Django's form) is one its owner must replace;
    the account's API tokens end with the old password."""

    def save(self, commit=True):
        self.user.must_change_password = True
        user = super().save(commit=commit)
        if commit:
            api_tokens_revoke_all(user=user)
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = AdminSetPasswordForm
    list_display = ("username", "display_name", "role", "community", "street", "is_active", "must_change_password")
    list_filter = ("role", "street", "is_active")
    search_fields = ("username", "display_name", "phone")
    filter_horizontal = ("grids", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("门户角色与辖区"), {"fields": ("role", "display_name", "phone", "street", "community", "grids", "building",
                                     "language", "must_change_password")}),
    )

    actions = ["unlock_logins"]

    @admin.action(description=_("解除所选账号的登录锁定"))
    def unlock_logins(self, request, queryset):
        """Deletes the failed-login counters of these accounts (from every address). The audit rows
        (AccessFailureLog) stay."""
        count = sum(axes_reset(username=user.get_username()) for user in queryset)
        self.message_user(request, _("已解除锁定，清除了 %(count)s 条失败登录计数。") % {"count": count},
                          messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # created with a password the admin chose
        super().save_model(request, obj, form, change)
