from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from taijiang.core.schema import FILE_NOTE
from taijiang.core.serializers import CoordinateField, FormBodyMixin, ModelSerializer, Serializer

from .models import Appeal, AppealEvent, Category, Level


class CategorySerializer(ModelSerializer):
    default_level = serializers.CharField(read_only=True, help_text="grid | community | street | district")

    class Meta:
        model = Category
        fields = ["code", "name", "group", "description", "default_level", "accept_hours", "reply_hours",
                  "resolve_hours", "escalate_on_breach"]


class EventSerializer(ModelSerializer):
    # Plain strings: the same status/level choices as on the appeal (one enum each in the schema).
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    level = serializers.CharField(read_only=True)

    class Meta:
        model = AppealEvent
        fields = ["kind", "from_status", "to_status", "level", "public", "text", "created_at"]
        # The API keeps the names clients know; the row itself says note and at (core.StatusChange).
        extra_kwargs = {"text": {"source": "note"}, "created_at": {"source": "at"}}


class AppealSerializer(ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    category_name = serializers.CharField(source="category.name", default=None, read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    holder = serializers.CharField(source="holder_unit", read_only=True)
    current_due = serializers.DateTimeField(read_only=True, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = ["id", "number", "status", "status_label", "category", "category_name", "level", "holder", "grid",
                  "community", "street", "building", "address", "text", "channel", "publish_allowed", "is_overdue",
                  "accept_due", "reply_due", "resolve_due", "current_due", "created_at", "updated_at",
                  "resolved_at", "closed_at", "rating", "rating_comment", "merged_into", "url"]

    def get_url(self, obj) -> str:
        return reverse("appeals:detail", args=[obj.pk])


class AppealDetailSerializer(AppealSerializer):
    events = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    class Meta(AppealSerializer.Meta):
        fields = [*AppealSerializer.Meta.fields, "events", "photos"]

    def get_events(self, obj) -> list:
        include_internal = self.context.get("include_internal", False)
        events = obj.events.all() if include_internal else obj.events.filter(public=True)
        return EventSerializer(events, many=True).data

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri-reference"},
                          "readOnly": True, "description": "The appeal's photos. " + FILE_NOTE})
    def get_photos(self, obj):
        return [reverse("appeals:photo", args=[p.pk]) for p in obj.photos.all()]


class AppealContentSerializer(Serializer):
    """What every new appeal carries: text and/or photos, a category, a place (building id or address)."""

    text = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    photos = serializers.ListField(child=serializers.FileField(), required=False, max_length=9,
                                   error_messages={"max_length": _("最多上传 9 张照片。")})
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.filter(is_active=True),
                                            required=False, allow_null=True)
    building = serializers.IntegerField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AppealCreateSerializer(AppealContentSerializer):
    latitude = CoordinateField(90, required=False, allow_null=True)
    longitude = CoordinateField(180, required=False, allow_null=True)
    contact_preference = serializers.ChoiceField(choices=Appeal.ContactPreference.choices, required=False,
                                                 default=Appeal.ContactPreference.IN_APP)
    publish_allowed = serializers.BooleanField(required=False, default=True)

    def validate_building(self, value):
        if value is None:
            return None
        from grid.models import Building

        building = Building.objects.select_related("grid__community__street").filter(pk=value).first()
        if building is None:
            raise serializers.ValidationError(_("楼栋不存在。"))
        return building


NEEDS_TEXT = _("请写下您要反映的事情，或者至少拍一张照片。")
# The rule "text or at least one photo" (appeal_submit refuses neither with NEEDS_TEXT), in the
# schema of a form body: text that is not blank once stripped, or a photo.
TEXT_OR_PHOTO = {"anyOf": [{"required": ["text"], "properties": {"text": {"pattern": r"\S"}}},
                           {"required": ["photos"], "properties": {"photos": {"minItems": 1}}}]}


class AppealCreateFormSerializer(FormBodyMixin, AppealCreateSerializer):
    """A new appeal as multipart/form-data (with photos): text or at least one photo; no field is
    null (leave it out instead)."""

    request_schema = TEXT_OR_PHOTO


class AppealCreateJsonSerializer(AppealCreateSerializer):
    """The same as a JSON body: photos travel only in multipart/form-data, so the text is required."""

    photos = None
    text = serializers.CharField(max_length=2000, error_messages={"required": NEEDS_TEXT, "blank": NEEDS_TEXT})


class OnBehalfSerializer(AppealContentSerializer):
    """Staff file an appeal for a resident (visit, phone, window); ids of registry rows are checked
    against the staff member's territory by the view."""

    channel = serializers.ChoiceField(choices=[Appeal.Channel.VISIT, Appeal.Channel.PHONE, Appeal.Channel.WINDOW],
                                      error_messages={"invalid_choice": _("请选择登记渠道（走访、电话或窗口）。")})
    resident = serializers.IntegerField(required=False, allow_null=True, help_text="grid.Resident id")
    visit = serializers.IntegerField(required=False, allow_null=True, help_text="grid.Visit id")
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    publish_allowed = serializers.BooleanField(required=False, default=False)


class OnBehalfFormSerializer(FormBodyMixin, OnBehalfSerializer):
    """The same as multipart/form-data (with photos): text or at least one photo; no field is null."""

    request_schema = TEXT_OR_PHOTO


class OnBehalfJsonSerializer(OnBehalfSerializer):
    """The same as a JSON body: photos travel only in multipart/form-data, so the text is required."""

    photos = None
    text = serializers.CharField(max_length=2000, error_messages={"required": NEEDS_TEXT, "blank": NEEDS_TEXT})


class RouteSerializer(Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class RateSerializer(Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5, error_messages={
        "min_value": _("请选择 1 到 5 星。"), "max_value": _("请选择 1 到 5 星。")})
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReplySerializer(Serializer):
    text = serializers.CharField(max_length=2000)
    resolve = serializers.BooleanField(required=False, default=False)


@extend_schema_serializer(component_name="AppealReason")
class ReasonSerializer(Serializer):
    reason = serializers.CharField(max_length=1000)
