from django.contrib import admin

from .models import Canteen, DeliveryRound, Dish, Meal, MealChange, Order, OrderChange, SubsidyTier


@admin.register(SubsidyTier)
class SubsidyTierAdmin(admin.ModelAdmin):
    """The district's subsidy table: applies to orders placed after a change, never to earlier ones."""

    list_display = ("name", "min_age", "max_age", "tag", "amount", "is_active")
    list_editable = ("amount", "is_active")


@admin.register(Canteen)
class CanteenAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "centre", "cutoff_time", "cutoff_days_before", "offers_delivery",
                    "is_active")
    list_filter = ("is_active", "offers_delivery")


class DishInline(admin.TabularInline):
    model = Dish
    extra = 0


class MealChangeInline(admin.TabularInline):
    model = MealChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False


@admin.register(Meal)
class MealAdmin(admin.ModelAdmin):
    list_display = ("canteen", "date", "sitting", "price", "capacity", "status")
    list_filter = ("status", "sitting", "canteen")
    date_hierarchy = "date"
    inlines = [DishInline, MealChangeInline]

    def has_change_permission(self, request, obj=None):
        # Published meals change only through the services (cancel with notice), not here.
        return obj is None or obj.status == "draft"


class OrderChangeInline(admin.TabularInline):
    model = OrderChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only: orders are placed, cancelled and served through the pages and the API."""

    list_display = ("meal", "resident", "fulfilment", "status", "price", "subsidy", "subsidy_tier")
    list_filter = ("status", "fulfilment")
    raw_id_fields = ("meal", "resident", "placed_by", "dish", "round")
    inlines = [OrderChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(DeliveryRound)
class DeliveryRoundAdmin(admin.ModelAdmin):
    list_display = ("canteen", "date", "sitting", "worker", "volunteer_name")
    raw_id_fields = ("worker", "planned_by")
