from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taijiang.core.validators import MOBILE_RE, normalize_mobile, validate_mobile

from .models import RegistrationCode, User, phone_lookup_hash


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
    form = PortalUserChangeForm
    list_display = ("username", "display_name", "role", "masked_phone", "community", "street", "is_active")
    list_filter = ("role", "street", "is_active")
    # Phones are encrypted: a full mobile number typed in the search box is matched by its hash
    # (get_search_results); a partial number finds nothing.
    search_fields = ("username", "display_name")
    filter_horizontal = ("grids", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("门户角色与辖区"), {"fields": ("role", "display_name", "phone", "street", "community", "grids", "building",
                                     "language")}),
    )

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
