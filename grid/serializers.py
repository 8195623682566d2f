"""API serializers. Personal identifiers are only ever output masked."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from taijiang.core.schema import FILE_NOTE
from taijiang.core.serializers import CoordinateField, FormBodyMixin, ModelSerializer, ScopedPrimaryKeyRelatedField

from .models import Household, Resident, Tag, Visit
from .services.visits import ANSWERS, OBSERVATIONS, clean_observations


class TagSerializer(ModelSerializer):
    class Meta:
        model = Tag
        fields = ["code", "name", "tier"]


class ResidentSerializer(ModelSerializer):
    """Masked: `id_number` and `phone` are never in the output, only their masked forms."""

    masked_id_number = serializers.CharField(read_only=True)
    masked_phone = serializers.CharField(read_only=True)
    tags = TagSerializer(many=True, read_only=True)

    class Meta:
        model = Resident
        fields = ["id", "household", "name", "sex", "birth_date", "masked_id_number", "masked_phone", "ethnicity",
                  "relation_to_head", "political_status", "status", "tags"]


class ResidentBriefSerializer(ModelSerializer):
    class Meta:
        model = Resident
        fields = ["id", "name", "relation_to_head", "status"]


class HouseholdSerializer(ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)
    grid = serializers.IntegerField(source="building.grid_id", read_only=True)
    residents = ResidentBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = ["id", "building", "building_name", "grid", "door_number", "residence_type", "living_situation",
                  "risk_rank", "next_visit_due", "last_visited_at", "emergency_reported_at", "is_active", "residents"]


@extend_schema_field({"type": "object", "additionalProperties": False, "example": {"health": "ok", "gas": "issue"},
                      "properties": {key: {"type": "string", "enum": [*ANSWERS, ""], "nullable": True}
                                     for key in OBSERVATIONS}})
class ObservationsField(serializers.JSONField):
    """The checklist answers by item, ok or issue (never null itself; leave it out for none).

    Checked here, before the POST's idempotency (a resend answers with the stored visit), so a
    body that breaks the schema is a 400 even when its client_uuid is known."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return clean_observations(value) if value is not None else None
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict.get("observations", exc.messages)) from exc


class VisitSerializer(ModelSerializer):
    """POST is idempotent on `client_uuid` (201 the first time, 200 with the same visit after)."""

    # Ids outside the worker's grids answer 404 (not told apart from ids that name no row).
    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.none(),
                                             error_messages={"does_not_exist": _("找不到该住户。")})
    met_residents = ScopedPrimaryKeyRelatedField(queryset=Resident.objects.none(), many=True, required=False,
                                                 error_messages={"does_not_exist": _("找不到该居民。")})
    client_uuid = serializers.UUIDField(required=False)
    observations = ObservationsField(required=False)
    photo = serializers.FileField(required=False, allow_null=True, write_only=True)
    visited_at = serializers.DateTimeField(required=False)
    latitude = CoordinateField(90, required=False, allow_null=True)
    longitude = CoordinateField(180, required=False, allow_null=True)
    url = serializers.SerializerMethodField()
    has_photo = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField(help_text="The photo, when there is one. " + FILE_NOTE)

    class Meta:
        model = Visit
        fields = ["id", "household", "worker", "visited_at", "kind", "outcome", "met_residents", "observations",
                  "needs", "actions_taken", "note", "photo", "has_photo", "photo_url", "latitude", "longitude", "client_uuid",
                  "url", "created_at"]
        read_only_fields = ["worker", "created_at"]

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        if households is not None:
            self.fields["household"].queryset = households
            self.fields["met_residents"].child_relation.queryset = Resident.objects.filter(household__in=households)

    def get_url(self, visit) -> str:
        return reverse("grid:visit_detail", args=[visit.pk])

    def get_has_photo(self, visit) -> bool:
        return bool(visit.photo)

    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True, "readOnly": True})
    def get_photo_url(self, visit):
        return reverse("grid:visit_photo", args=[visit.pk]) if visit.photo else None


# Rules across fields, in the schema (visit_log enforces them): residents are met only when the
# outcome is "met" (the default), and a position is both coordinates or neither.
ONLY_MET_HAS_RESIDENTS = {"anyOf": [{"properties": {"outcome": {"pattern": "^met$"}}},
                                    {"properties": {"met_residents": {"maxItems": 0}}}]}
# Only null: no text is at least 1 and at most 0 characters long. (OpenAPI 3.0 has no type null; an
# `enum: [null]` does not survive the generator, and schemathesis cannot generate from `not`.)
_NULL = {"type": "string", "nullable": True, "minLength": 1, "maxLength": 0}
_VALUE = {"oneOf": [{"type": "string"}, {"type": "number"}]}


class VisitJsonSerializer(VisitSerializer):
    """The same visit as a JSON body: a photo travels only in multipart/form-data."""

    photo = None
    request_schema = {"allOf": [ONLY_MET_HAS_RESIDENTS, {"anyOf": [
        {"required": ["latitude", "longitude"], "properties": {"latitude": _VALUE, "longitude": _VALUE}},
        {"properties": {"latitude": _NULL, "longitude": _NULL}}]}]}


class VisitFormSerializer(FormBodyMixin, VisitSerializer):
    """A visit as multipart/form-data (with a photo): no field is null (leave it out instead)."""

    request_schema = {"allOf": [ONLY_MET_HAS_RESIDENTS, {"anyOf": [  # an empty field is one left out
        {"required": ["latitude", "longitude"], "properties": {"latitude": {"minLength": 1},
                                                               "longitude": {"minLength": 1}}},
        {"properties": {"latitude": {"maxLength": 0}, "longitude": {"maxLength": 0}}}]}]}


class DueHouseholdSerializer(HouseholdSerializer):
    overdue_days = serializers.SerializerMethodField()

    class Meta(HouseholdSerializer.Meta):
        fields = [*HouseholdSerializer.Meta.fields, "overdue_days"]

    def get_overdue_days(self, household) -> int:
        today = self.context["today"]
        return max(0, (today - household.next_visit_due).days) if household.next_visit_due else 0
