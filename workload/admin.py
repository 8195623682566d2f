from django.contrib import admin

from .models import Application, Department, DepartmentMember, Ledger, ListVersion, Refusal, Task


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "is_active"]


@admin.register(DepartmentMember)
class DepartmentMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]
    raw_id_fields = ["user"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "task_list", "department", "disposition", "in_force_from", "in_force_until"]
    list_filter = ["task_list", "disposition", "origin"]
    search_fields = ["code", "title"]
    # Disposition and dates change through services (task_dispose, admission) so history rows are written.
    readonly_fields = ["disposition", "merged_into", "in_force_from", "in_force_until", "origin", "baseline_number"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "status", "filed_on", "decision_due"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the pages or the API (history, notifications)


@admin.register(Refusal)
class RefusalAdmin(admin.ModelAdmin):
    list_display = ["what", "community", "department", "pushed_on", "status"]
    list_filter = ["status", "channel"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Ledger)
class LedgerAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "status", "replaced_by"]
    list_filter = ["status", "replaced_by"]


@admin.register(ListVersion)
class ListVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published_by", "published_at"]

    def has_change_permission(self, request, obj=None):
        return False  # a published list is a record

    def has_delete_permission(self, request, obj=None):
        return False
