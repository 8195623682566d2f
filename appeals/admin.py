from django.contrib import admin

from .models import ApiKey, Appeal, AppealEvent, CannedReply, Category, DeadlineBreach


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_level", "accept_hours", "reply_hours", "resolve_hours",
                    "escalate_on_breach", "is_active")


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "is_active")


class EventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    readonly_fields = ("actor", "kind", "from_status", "to_status", "level", "public", "text", "created_at")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "level", "category", "community", "is_overdue", "created_at")
    list_filter = ("status", "level", "category", "is_overdue")
    search_fields = ("number",)
    raw_id_fields = ("submitter", "created_by", "registry_resident", "source_visit", "building", "merged_into")
    inlines = [EventInline]


@admin.register(DeadlineBreach)
class DeadlineBreachAdmin(admin.ModelAdmin):
    list_display = ("appeal", "level", "kind", "due_at", "detected_at", "escalated")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("system_name", "prefix", "is_active", "last_used_at")
    readonly_fields = ("prefix", "key_hash")
