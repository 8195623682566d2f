from django.contrib import admin

from grid.models import Street
from taijiang.core.validators import MOBILE_RE, normalize_mobile
from taijiang.users.admin_scope import DistrictOnlyAdmin, TerritoryAdmin
from taijiang.users.scope import scope_for

from .models import ApiKey, Appeal, AppealEvent, CannedReply, Category, ContactAccessLog, DeadlineBreach
from .models.appeal import contact_phone_lookup_hash


@admin.register(Category)
class CategoryAdmin(DistrictOnlyAdmin):
    list_display = ("name", "code", "default_level", "accept_hours", "reply_hours", "resolve_hours",
                    "escalate_on_breach", "is_active")


@admin.register(CannedReply)
class CannedReplyAdmin(DistrictOnlyAdmin):
    list_display = ("title", "category", "is_active")


class EventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    readonly_fields = ("actor", "kind", "from_status", "to_status", "level", "public", "note", "at")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "level", "category", "community", "is_overdue", "created_at")
    list_filter = ("status", "level", "category", "is_overdue")
    search_fields = ("number",)
    raw_id_fields = ("submitter", "created_by", "registry_resident", "source_visit", "building", "merged_into")
    inlines = [EventInline]
    # Like the register's residents: the full contact phone only through the logged reveal on the page.
    exclude = ("contact_phone",)
    readonly_fields = ("masked_contact_phone",)

    def get_search_results(self, request, queryset, search_term):
        # The contact phone is encrypted: a full mobile number is matched through its keyed hash.
        if MOBILE_RE.match(normalize_mobile(search_term)):
            return queryset.filter(contact_phone_hash=contact_phone_lookup_hash(search_term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(ContactAccessLog)
class ContactAccessLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "appeal", "reason", "ip_address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineBreach)
class DeadlineBreachAdmin(admin.ModelAdmin):
    list_display = ("appeal", "level", "kind", "due_at", "detected_at", "escalated")


@admin.register(ApiKey)
class ApiKeyAdmin(TerritoryAdmin):
    """Keys of the user's territory only; a street's admin can neither see, move nor widen another's."""

    list_display = ("system_name", "street", "prefix", "is_active", "last_used_at")
    list_filter = ("street", "is_active")
    readonly_fields = ("prefix", "key_hash")
    scope_paths = {"street": "street"}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "street":
            scope = scope_for(request.user)
            kwargs["queryset"] = scope.filter(Street.objects.all(), street="pk")
            kwargs["required"] = not scope.is_district  # no street = district-wide: district admins only
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
