"""The grid JSON API: households, residents (masked), visits (idempotent POST), the due list.

Scoped like the pages: outside the user's territory answers 404; window staff and residents get
403 with the reason.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from taijiang.core.http import parse_id
from taijiang.core.schema import ERROR
from taijiang.core.serializers import Serializer

from . import selectors
from .models import Household, Resident, Visit
from .permissions import register_refusal
from .serializers import (
    DueHouseholdSerializer,
    HouseholdSerializer,
    ResidentSerializer,
    VisitFormSerializer,
    VisitJsonSerializer,
    VisitSerializer,
)
from .services import visit_log
from .validation import MAX_ID


class RegisterStaffOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        refusal = register_refusal(request.user)
        if refusal:
            self.message = str(refusal)
            return False
        return True


def _no_identifier_in_url(value):
    # Query strings land in access logs: ID numbers and phones are searched with POST .../search/.
    if selectors.identifier_search_hash(value) or selectors.is_partial_identifier(value):
        raise ValidationError(_("身份证号和手机号不能放在网址中：请用 POST /api/v1/households/search/ 查找。"))


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="姓名、楼栋或门牌号", validators=[_no_identifier_in_url])
    grid = django_filters.NumberFilter(field_name="building__grid", min_value=1, max_value=MAX_ID)
    due_before = django_filters.DateFilter(field_name="next_visit_due", lookup_expr="lte")

    class Meta:
        model = Household
        fields = ["building", "door_number", "risk_rank", "is_active", "living_situation", "residence_type"]

    def search(self, qs, name, value):
        return selectors.search_households(qs, q=value)


# A full ID number (18 characters, the last a digit or X) or a mainland mobile (11 digits, +86 allowed).
# The check digit is not checked: a number that names nobody finds nothing.
# Spaces may separate the digits (and dashes those of a mobile), as people write them.
IDENTIFIER_PATTERN = r"^\s*(( *\d){17} *[\dXx]|(\+86)?[ -]*1[ -]*[3-9]([ -]*\d){9})\s*$"
WHOLE_IDENTIFIER = _("请输入完整的 18 位身份证号或 11 位手机号（不能按其中几位查找）。")


class HouseholdSearchSerializer(Serializer):
    identifier = serializers.RegexField(IDENTIFIER_PATTERN, label="完整身份证号或手机号", max_length=40,
                                        trim_whitespace=False, error_messages={"invalid": WHOLE_IDENTIFIER})

    def validate_identifier(self, value):
        if not selectors.identifier_search_hash(value):
            raise serializers.ValidationError(WHOLE_IDENTIFIER)
        return value


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HouseholdSerializer
    permission_classes = [permissions.IsAuthenticated, RegisterStaffOnly]
    filterset_class = HouseholdFilter
    ordering_fields = ["next_visit_due", "risk_rank", "door_number"]

    def get_queryset(self):
        return (selectors.households_visible_to(self.request.user).prefetch_related("residents")
                .order_by("building__name", "door_number"))

    @extend_schema(request=HouseholdSearchSerializer, responses={200: HouseholdSerializer(many=True),
                                                               404: OpenApiResponse(ERROR, description="A page past the last.")})
    @action(detail=False, methods=["post"])
    def search(self, request):
        """Find households by a resident's full ID number or mobile, sent in the body (never in the URL)."""
        serializer = HouseholdSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        digest = selectors.identifier_search_hash(serializer.validated_data["identifier"])
        # The list's filters apply here too (a bad value is a 400, as on the list).
        queryset = selectors.search_households(self.filter_queryset(self.get_queryset()), identifier_hash=digest)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ResidentFilter(django_filters.FilterSet):
    tag = django_filters.CharFilter(field_name="tags__code")
    grid = django_filters.NumberFilter(field_name="household__building__grid", min_value=1, max_value=MAX_ID)

    class Meta:
        model = Resident
        fields = ["household", "status", "sex"]


class ResidentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ResidentSerializer
    permission_classes = [permissions.IsAuthenticated, RegisterStaffOnly]
    filterset_class = ResidentFilter

    def get_queryset(self):
        return selectors.residents_visible_to(self.request.user).prefetch_related("tags").order_by("pk")


class VisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VisitSerializer
    permission_classes = [permissions.IsAuthenticated, RegisterStaffOnly]
    filterset_fields = ["household", "worker", "kind", "outcome"]

    def get_queryset(self):
        return selectors.visits_visible_to(self.request.user).prefetch_related("met_residents").order_by("-visited_at")

    def get_serializer(self, *args, **kwargs):
        kwargs.setdefault("households", selectors.households_visible_to(self.request.user).filter(is_active=True))
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request={"application/json": VisitJsonSerializer, "multipart/form-data": VisitFormSerializer},
                   responses={200: VisitSerializer, 201: VisitSerializer, 404: ERROR})
    def create(self, request, *args, **kwargs):
        json = (request.content_type or "").startswith("application/json")
        form = VisitSerializer if json else VisitFormSerializer
        households = selectors.households_visible_to(request.user).filter(is_active=True)
        serializer = form(data=request.data, households=households, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visit, created = visit_log(
            actor=request.user, household=data["household"], kind=data.get("kind", Visit.Kind.HOME),
            outcome=data.get("outcome", Visit.Outcome.MET), met_residents=data.get("met_residents", []),
            observations=data.get("observations"), needs=data.get("needs", ""),
            actions_taken=data.get("actions_taken", ""), note=data.get("note", ""), photo=data.get("photo"),
            latitude=data.get("latitude"), longitude=data.get("longitude"), visited_at=data.get("visited_at"),
            client_uuid=data.get("client_uuid"))
        body = VisitSerializer(visit, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class DueHouseholdViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Households due for a visit by today (or `?horizon=N` days ahead), highest risk first."""

    serializer_class = DueHouseholdSerializer
    permission_classes = [permissions.IsAuthenticated, RegisterStaffOnly]
    filter_backends: list = []

    def get_queryset(self):
        horizon = min(parse_id(self.request.query_params.get("horizon")) or 0, 31)
        return selectors.households_due_for_visit(self.request.user, timezone.localdate(), horizon_days=horizon)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


router = SimpleRouter()
router.register("households", HouseholdViewSet, basename="household")
router.register("residents", ResidentViewSet, basename="resident")
router.register("visits", VisitViewSet, basename="visit")
router.register("due-visits", DueHouseholdViewSet, basename="due-visit")

urlpatterns = router.urls
