from django.contrib import admin

from .models import (
    Activity,
    ActivityAppealLink,
    ActivityChange,
    Booking,
    BookingChange,
    Room,
    SignUp,
    SignUpChange,
    SliceException,
    TimeSlice,
)


def history_inline(model):
    """A read-only timeline of status changes (BookingChange, ActivityChange, SignUpChange)."""
    return type(f"{model.__name__}Inline", (admin.TabularInline,), {
        "model": model, "extra": 0, "can_delete": False,
        "readonly_fields": ["from_status", "to_status", "actor", "note", "at"]})


class SliceInline(admin.TabularInline):
    model = TimeSlice
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "kind", "area_m2", "capacity", "bookable", "bookers"]
    list_filter = ["kind", "bookable", "bookers"]
    inlines = [SliceInline]


@admin.register(SliceException)
class SliceExceptionAdmin(admin.ModelAdmin):
    list_display = ["room", "date", "kind", "starts", "ends", "note"]


ChangeInline = history_inline(BookingChange)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["room", "start", "end", "title", "status", "booker"]
    list_filter = ["status", "purpose"]
    raw_id_fields = ["booker", "series"]
    readonly_fields = ["status", "sequence", "blocked_until"]
    inlines = [ChangeInline]


class LinkInline(admin.TabularInline):
    model = ActivityAppealLink
    extra = 0


ActivityChangeInline = history_inline(ActivityChange)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "capacity", "status"]
    raw_id_fields = ["booking", "organiser"]
    readonly_fields = ["status"]
    inlines = [LinkInline, ActivityChangeInline]


SignUpChangeInline = history_inline(SignUpChange)


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ["activity", "resident", "status", "attended"]
    raw_id_fields = ["activity", "resident"]
    readonly_fields = ["status"]
    inlines = [SignUpChangeInline]
