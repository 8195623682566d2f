from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taijiang.core.validators import MOBILE_RE, normalize_mobile, validate_mobile

from .models import RegistrationCode, User, phone_lookup_hash
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


class PortalUserChangeForm(UserChangeForm):
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data.get("phone"))
        if not phone:
            return ""
        validate_mobile(phone)
        # The unique column is phone_hash, which the model form does not check: say it here, not as a 500.
        if User.objects.filter(phone_hash=phone_lookup_hash(phone)).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("该手机号已被其他账号使用。"))
        return phone


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = AdminSetPasswordForm
    form = PortalUserChangeForm
    list_display = ("username", "display_name", "role", "masked_phone", "community", "street", "is_active",
                    "must_change_password")
    list_filter = ("role", "street", "is_active")
    # Phones are encrypted: a full mobile number typed in the search box is matched by its hash
    # (get_search_results); a partial number finds nothing.
    search_fields = ("username", "display_name")
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

    def get_search_results(self, request, queryset, search_term):
        phone = normalize_mobile(search_term)
        if MOBILE_RE.match(phone):
            return queryset.filter(phone_hash=phone_lookup_hash(phone)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(RegistrationCode)
class RegistrationCodeAdmin(admin.ModelAdmin):
    """View only: lets an admin see that registrations are being attempted (codes are hashed)."""

    list_display = ("__str__", "display_name", "sms_sent", "attempts", "expires_at", "used_at")
    fields = ("display_name", "community", "building", "sms_sent", "attempts", "created_at", "expires_at", "used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
