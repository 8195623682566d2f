from django.contrib import admin

from .models import DailyFigure


@admin.register(DailyFigure)
class DailyFigureAdmin(admin.ModelAdmin):
    """Read-only: rows come from the nightly rollup (`manage.py rollup_figures` recomputes them)."""

    list_display = ("date", "community", "metric", "value", "computed_at")
    list_filter = ("metric", "community__street")
    date_hierarchy = "date"
    list_select_related = ("community",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
