from django.contrib import admin

from .models import ChannelPreference, Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = readonly_fields = ("channel", "masked_address", "status", "attempts", "next_attempt_at", "last_error", "sent_at")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "event", "status", "send_after", "read_at")
    list_filter = ("event", "status")
    search_fields = ("title", "dedupe_key")
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", "channel", "masked_address", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "channel")
    exclude = ("address",)  # encrypted personal data: shown masked only
    readonly_fields = ("masked_address",)


admin.site.register(ChannelPreference)
