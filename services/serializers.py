from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from taijiang.core.schema import FILE_NOTE
from taijiang.core.serializers import FormBodyMixin, ModelSerializer, Serializer

from .models import (
    Appointment,
    AppointmentSlot,
    ItemMaterial,
    ProxyStatus,
    QueueTicket,
    RequestAttachment,
    RequestEvent,
    ServiceItem,
    ServiceRequest,
    Window,
)


class MaterialSerializer(ModelSerializer):
    class Meta:
        model = ItemMaterial
        fields = ["name", "form", "copies", "note", "required"]


class ItemSerializer(ModelSerializer):
    materials = MaterialSerializer(many=True, read_only=True)
    group_label = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = ServiceItem
        fields = ["id", "code", "name", "group", "group_label", "level", "accepting_place", "promised_days",
                  "legal_days", "fee", "conditions", "legal_basis", "online", "proxy", "home_service", "materials"]


class EventSerializer(ModelSerializer):
    class Meta:
        model = RequestEvent
        fields = ["title", "note", "from_status", "to_status", "proxy_status", "at"]


class AttachmentSerializer(ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField(help_text=FILE_NOTE)

    class Meta:
        model = RequestAttachment
        fields = ["id", "material", "name", "uploaded_at", "url"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri-reference", "readOnly": True})
    def get_url(self, row):
        return reverse("services:attachment", args=[row.request_id, row.pk])


class RequestSerializer(ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=ServiceItem.objects.filter(status="active"),
                                        error_messages={"does_not_exist": _("事项不存在或已暂停。")})
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    applicant_phone = serializers.CharField(source="masked_phone", read_only=True)
    # Empty ("") on a request that is not 代办.
    proxy_status = serializers.ChoiceField(choices=ProxyStatus.choices, allow_blank=True, read_only=True)
    timeline = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceRequest
        fields = ["id", "number", "item", "applicant_name", "applicant_phone", "community", "channel", "description",
                  "status", "status_label", "handling_level", "missing_materials", "reject_reason", "result",
                  "due_date", "is_proxy", "proxy_status", "assignee", "submitted_at", "closed_at", "timeline", "attachments"]
        read_only_fields = [f for f in fields if f not in ("item", "description")]

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, obj):
        events = [e for e in obj.events.all() if e.public]
        return EventSerializer(events, many=True).data


class ActionSerializer(Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    result = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    missing = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    level = serializers.ChoiceField(choices=["street", "district"], required=False)


class NoteSerializer(Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class MissingSerializer(NoteSerializer):
    missing = serializers.ListField(child=serializers.CharField(max_length=100), min_length=1,
                                    help_text="Names of the missing materials, all at once (一次性告知).")


class ProcessSerializer(NoteSerializer):
    level = serializers.ChoiceField(choices=["street", "district"], required=False, allow_null=True, default=None,
                                    help_text="Hand the request up to this level; empty: handled here.")


class ResultSerializer(Serializer):
    result = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class RejectSerializer(Serializer):
    reason = serializers.CharField(max_length=1000)


class MaterialUploadSerializer(FormBodyMixin, Serializer):
    file = serializers.FileField(help_text="PDF or image, typed by its content.")
    material = serializers.IntegerField(required=False, min_value=1, help_text=(
        "Id of the item's checklist entry this file answers (an id that is not on the item's checklist "
        "files the upload without one)."))


class WindowSerializer(ModelSerializer):
    class Meta:
        model = Window
        fields = ["id", "centre", "number", "name", "is_open", "in_service", "staff"]


class TicketSerializer(ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    window_number = serializers.IntegerField(source="window.number", read_only=True, default=None, allow_null=True)
    requests = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = QueueTicket
        fields = ["id", "centre", "service_date", "number", "kind", "status", "status_label", "is_priority",
                  "priority_reason", "item", "window", "window_number", "recall_count", "issued_at", "called_at",
                  "served_at", "completed_at", "requests"]
        read_only_fields = fields


class TicketIssueSerializer(Serializer):
    centre = serializers.IntegerField()
    item = serializers.SlugRelatedField(slug_field="code", queryset=ServiceItem.objects.filter(status="active"),
                                        required=False, allow_null=True)
    priority_reason = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")


class TicketWindowSerializer(Serializer):
    window = serializers.PrimaryKeyRelatedField(queryset=Window.objects.all(),
                                                error_messages={"required": _("请指明操作的窗口。")})


class TicketTransferSerializer(TicketWindowSerializer):
    to_window = serializers.PrimaryKeyRelatedField(queryset=Window.objects.all(), required=False, allow_null=True)
    to_street = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class TicketCompleteSerializer(TicketWindowSerializer):
    items = serializers.SlugRelatedField(slug_field="code", many=True, required=False, default=list,
                                         queryset=ServiceItem.objects.filter(status="active"))
    requests = serializers.SlugRelatedField(slug_field="number", many=True, required=False, default=list,
                                            queryset=ServiceRequest.objects.all())
    applicant_name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class TicketActionSerializer(Serializer):
    window = serializers.PrimaryKeyRelatedField(queryset=Window.objects.all(),
                                                error_messages={"required": _("请指明操作的窗口。")})
    to_window = serializers.PrimaryKeyRelatedField(queryset=Window.objects.all(), required=False, allow_null=True)
    to_street = serializers.BooleanField(required=False, default=False)
    items = serializers.SlugRelatedField(slug_field="code", many=True, required=False, default=list,
                                         queryset=ServiceItem.objects.filter(status="active"))
    requests = serializers.SlugRelatedField(slug_field="number", many=True, required=False, default=list,
                                            queryset=ServiceRequest.objects.all())
    applicant_name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class SlotSerializer(ModelSerializer):
    remaining = serializers.IntegerField(read_only=True)

    class Meta:
        model = AppointmentSlot
        fields = ["id", "centre", "start", "end", "capacity", "booked", "remaining"]


class RescheduleSerializer(Serializer):
    slot = serializers.PrimaryKeyRelatedField(queryset=AppointmentSlot.objects.all())


class AppointmentSerializer(ModelSerializer):
    slot = serializers.PrimaryKeyRelatedField(queryset=AppointmentSlot.objects.all())
    item = serializers.SlugRelatedField(slug_field="code", queryset=ServiceItem.objects.filter(status="active"))
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    ticket_number = serializers.CharField(source="ticket.number", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Appointment
        fields = ["id", "slot", "start", "item", "status", "note", "ticket_number", "booked_at"]
        read_only_fields = ["status", "ticket_number", "booked_at"]
