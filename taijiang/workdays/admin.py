from django.contrib import admin

from taijiang.users.admin_scope import DistrictOnlyAdmin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(DistrictOnlyAdmin):
    """The calendar is district-wide: only district admins (and superusers) change it."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
