"""Django admin for superusers. Personal identifiers are shown masked and are not editable here
(edit them through the register pages, which validate them); the access log is view-only."""

from django.contrib import admin

from .models import (
    AccessLog,
    Building,
    Community,
    Grid,
    Household,
    ImportBatch,
    Resident,
    ResidentEvent,
    Street,
    Tag,
    Visit,
    VisitPolicy,
)

for model in (Street, Community, Grid):
    if not admin.site.is_registered(model):
        admin.site.register(model)


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "grid" in form.changed_data:  # a building moved to another grid takes its visits
            from .services.registry import follow_household_visits

            for household in obj.households.all():
                follow_household_visits(household)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "tier"]
    list_filter = ["tier"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "risk_rank", "next_visit_due", "last_visited_at", "is_active"]
    list_filter = ["risk_rank", "is_active", "building__grid"]
    search_fields = ["door_number", "building__name"]
    readonly_fields = ["next_visit_due", "last_visited_at", "risk_rank"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "building" in form.changed_data:
            from .services.registry import follow_household_visits

            follow_household_visits(obj)


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["name", "household", "masked_id_number", "masked_phone", "status"]
    list_filter = ["status", "tags"]
    search_fields = ["name"]
    exclude = ["id_number", "phone"]
    readonly_fields = ["masked_id_number", "masked_phone"]


@admin.register(ResidentEvent)
class ResidentEventAdmin(admin.ModelAdmin):
    list_display = ["resident", "kind", "date", "recorded_by"]
    list_filter = ["kind"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["household", "worker", "visited_at", "kind", "outcome"]
    list_filter = ["kind", "outcome"]
    # Photos come in only through the visit service, which re-encodes them (taijiang.core.uploads).
    readonly_fields = ["client_uuid", "photo"]


@admin.register(VisitPolicy)
class VisitPolicyAdmin(admin.ModelAdmin):
    list_display = ["community", "high_risk_days", "key_group_days", "general_days", "coverage_target_percent"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "resident", "field", "reason", "ip_address"]
    list_filter = ["field"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["original_name", "community", "uploaded_by", "status", "created_at"]
    # The sheet comes in only through the import page, which checks it by content.
    readonly_fields = ["file", "original_name", "report", "mapping", "headers"]

    def has_add_permission(self, request):
        return False
