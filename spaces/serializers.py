from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from taijiang.core.serializers import ModelSerializer, Serializer

from .models import Activity, Booking, Function, Room, SignUp, TimeSlice


class FunctionField(serializers.ChoiceField):
    """A booking's purpose: one of the slice functions (documented once, as TimeSlice.function)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("请选择用途。")})
        super().__init__(choices=Function.choices, **kwargs)


class RoomSerializer(ModelSerializer):
    centre_name = serializers.CharField(source="centre.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Room
        fields = ["id", "centre", "centre_name", "name", "kind", "kind_label", "area_m2", "capacity", "equipment",
                  "description", "bookable", "bookers", "needs_approval", "min_notice_hours", "max_notice_days",
                  "min_duration_minutes", "max_duration_minutes", "buffer_minutes", "weekly_quota",
                  "check_in_required", "release_after_minutes"]


class SliceSerializer(ModelSerializer):
    function_label = serializers.CharField(source="get_function_display", read_only=True)
    audience_label = serializers.CharField(source="get_audience_display", read_only=True)

    class Meta:
        model = TimeSlice
        fields = ["id", "room", "weekday", "starts", "ends", "function", "function_label", "audience",
                  "audience_label", "valid_from", "valid_until"]


class BookingTimeField(serializers.DateTimeField):
    """A date-time whose conversion cannot overflow (DRF raises OverflowError on year 1)."""

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            raise serializers.ValidationError(_("日期超出范围。"))


class FreeRangeSerializer(Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    function = serializers.CharField()
    function_label = serializers.CharField()
    audience = serializers.CharField()


class BookingSerializer(ModelSerializer):
    purpose = FunctionField(read_only=True)
    room_name = serializers.CharField(source="room.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "room", "room_name", "purpose", "title", "organisation", "attendees", "start", "end",
                  "status", "status_label", "checked_in_at", "series", "created_at"]
        read_only_fields = ["status", "checked_in_at", "series", "created_at"]


class BookingCreateSerializer(Serializer):
    """A booking of a room. `end` is after `start` on the same day (the centre's time zone): a range
    that breaks this is a 400 on `end`. A range the clock or the room refuses — notice, duration,
    opening hours, the room's time slices, the weekly quota, a booking already there — is a 409."""

    room = serializers.PrimaryKeyRelatedField(queryset=Room.objects.filter(is_active=True),
                                              error_messages={"does_not_exist": _("房间不存在。")})
    start = BookingTimeField()
    end = BookingTimeField(help_text="After `start`, on the same day (Asia/Shanghai); otherwise 400 on `end`.")
    purpose = FunctionField()
    title = serializers.CharField(max_length=80)
    attendees = serializers.IntegerField(min_value=1, default=1)
    organisation = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    weeks = serializers.IntegerField(min_value=1, max_value=26, default=1)


class ActivitySerializer(ModelSerializer):
    room = serializers.IntegerField(source="booking.room_id", read_only=True)
    room_name = serializers.CharField(source="booking.room.name", read_only=True)
    start = serializers.DateTimeField(source="booking.start", read_only=True)
    end = serializers.DateTimeField(source="booking.end", read_only=True)
    confirmed_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    appeal_numbers = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "kind", "title", "description", "capacity", "waitlist", "status", "room", "room_name",
                  "start", "end", "confirmed_count", "waitlist_count", "agenda", "minutes", "appeal_numbers"]

    def get_appeal_numbers(self, obj) -> list[str]:
        return [link.number for link in obj.appeal_links.all()]


class SignUpSerializer(ModelSerializer):
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    start = serializers.DateTimeField(source="activity.booking.start", read_only=True)

    class Meta:
        model = SignUp
        fields = ["id", "activity", "activity_title", "start", "status", "attended", "created_at"]
        read_only_fields = ["status", "attended", "created_at"]


class BookingCancelSerializer(Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
