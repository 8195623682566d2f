"""API serializers. Personal identifiers are only ever output masked."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from taijiang.core.schema import FILE_NOTE

from .models import Household, Resident, Tag, Visit
from .services.visits import ANSWERS, OBSERVATIONS


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["code", "name", "tier"]


class ResidentSerializer(serializers.ModelSerializer):
    """Masked: `id_number` and `phone` are never in the output, only their masked forms."""

    masked_id_number = serializers.CharField(read_only=True)
    masked_phone = serializers.CharField(read_only=True)
    tags = TagSerializer(many=True, read_only=True)

    class Meta:
        model = Resident
        fields = ["id", "household", "name", "sex", "birth_date", "masked_id_number", "masked_phone", "ethnicity",
                  "relation_to_head", "political_status", "status", "tags"]


class ResidentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resident
        fields = ["id", "name", "relation_to_head", "status"]


class HouseholdSerializer(serializers.ModelSerializer):
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
    """The checklist answers by item, ok or issue (never null itself; leave it out for none)."""


class VisitSerializer(serializers.ModelSerializer):
    """POST is idempotent on `client_uuid` (201 the first time, 200 with the same visit after)."""

    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none(),
                                                   error_messages={"does_not_exist": _("找不到该住户。")})
    met_residents = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.none(), many=True, required=False)
    client_uuid = serializers.UUIDField(required=False)
    observations = ObservationsField(required=False)
    photo = serializers.FileField(required=False, allow_null=True, write_only=True)
    visited_at = serializers.DateTimeField(required=False)
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


class VisitJsonSerializer(VisitSerializer):
    """The same visit as a JSON body: a photo travels only in multipart/form-data."""

    photo = None


class DueHouseholdSerializer(HouseholdSerializer):
    overdue_days = serializers.SerializerMethodField()

    class Meta(HouseholdSerializer.Meta):
        fields = [*HouseholdSerializer.Meta.fields, "overdue_days"]

    def get_overdue_days(self, household) -> int:
        today = self.context["today"]
        return max(0, (today - household.next_visit_due).days) if household.next_visit_due else 0
