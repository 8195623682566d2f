from django.contrib import admin

from .models import Absence, Rota, RotaChange, RotaPolicy, Shift, SwapRequest, Worker


@admin.register(RotaPolicy)
class RotaPolicyAdmin(admin.ModelAdmin):
    list_display = ("community", "staggered_days_per_week", "weekly_hours_cap", "min_rest_hours",
                    "max_staff_per_period")


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("user", "community", "window_qualified", "active")
    list_filter = ("community", "window_qualified", "active")
    raw_id_fields = ("user",)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("worker", "kind", "first_day", "last_day", "weekday", "starts", "ends")
    list_filter = ("kind",)


class RotaChangeInline(admin.TabularInline):
    model = RotaChange
    extra = 0
    readonly_fields = ("action", "from_status", "to_status", "actor", "note", "at")
    can_delete = False


@admin.register(Rota)
class RotaAdmin(admin.ModelAdmin):
    # Status changes go through the services (history rows, notifications), not this form.
    list_display = ("community", "month", "status", "generated_at", "published_at")
    list_filter = ("status", "community")
    readonly_fields = ("status", "report", "generated_at", "published_at")
    inlines = [RotaChangeInline]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ("day", "start", "end", "kind", "worker", "centre")
    list_filter = ("kind", "centre")
    date_hierarchy = "day"


@admin.register(SwapRequest)
class SwapRequestAdmin(admin.ModelAdmin):
    list_display = ("shift", "requested_by", "take_over_by", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = ("status",)
