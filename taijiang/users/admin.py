from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "community", "street", "is_active")
    list_filter = ("role", "street", "is_active")
    search_fields = ("username", "display_name", "phone")
    filter_horizontal = ("grids", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("门户角色与辖区"), {"fields": ("role", "display_name", "phone", "street", "community", "grids", "building",
                                     "language")}),
    )
