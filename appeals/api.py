"""/api/v1/appeals/ and /api/v1/appeal-categories/: scoped by role, residents see only their own."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from grid.models import Building, Resident, Visit
from taijiang.core.api import OutOfScope
from taijiang.core.exceptions import NotAllowed
from taijiang.core.http import client_ip
from taijiang.core.schema import ERROR

from . import services
from .filters import AppealFilter
from .models import Category
from .selectors import appeals_visible_to, registry_row_in_territory
from .serializers import (
    AppealCreateFormSerializer,
    AppealCreateJsonSerializer,
    AppealCreateSerializer,
    AppealDetailSerializer,
    AppealSerializer,
    CategorySerializer,
    OnBehalfFormSerializer,
    OnBehalfJsonSerializer,
    RateSerializer,
    ReasonSerializer,
    ReplySerializer,
    RouteSerializer,
)


def _is_json(request) -> bool:
    return (request.content_type or "").startswith("application/json")


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    queryset = Category.objects.filter(is_active=True)
    lookup_field = "code"
    pagination_class = None


class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    filterset_class = AppealFilter
    ordering_fields = ["created_at", "resolve_due"]

    def get_queryset(self):
        return appeals_visible_to(self.request.user).order_by("-is_overdue", "-created_at")

    def get_serializer_class(self):
        if self.action == "create":
            return AppealCreateSerializer
        return AppealDetailSerializer if self.action == "retrieve" else AppealSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["include_internal"] = self.request.user.is_portal_staff
        return context

    @extend_schema(request={"multipart/form-data": AppealCreateFormSerializer,
                            "application/json": AppealCreateJsonSerializer},
                   responses={201: AppealDetailSerializer})
    def create(self, request, *args, **kwargs):
        form = AppealCreateJsonSerializer if _is_json(request) else AppealCreateFormSerializer
        serializer = form(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appeal = services.appeal_submit(
            actor=request.user, text=data.get("text", ""), photos=data.get("photos", []),
            category=data.get("category"), building=data.get("building"), address=data.get("address", ""),
            latitude=data.get("latitude"), longitude=data.get("longitude"),
            contact_preference=data["contact_preference"], publish_allowed=data["publish_allowed"],
            ip=client_ip(request))
        body = AppealDetailSerializer(appeal, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _done(self, appeal, status_code=status.HTTP_200_OK):
        appeal = self.get_queryset().filter(pk=appeal.pk).first() or appeal
        return Response(AppealDetailSerializer(appeal, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request={"multipart/form-data": OnBehalfFormSerializer, "application/json": OnBehalfJsonSerializer},
                   responses={201: AppealDetailSerializer, 404: ERROR})
    @action(detail=False, methods=["post"], url_path="on-behalf")
    def on_behalf(self, request):
        """Staff file an appeal for a resident (visit, phone call, window), inside their territory."""
        user = request.user
        if not (user.is_portal_staff or user.is_superuser):
            raise NotAllowed(_("只有工作人员可以代居民登记诉求。"))
        data = (OnBehalfJsonSerializer if _is_json(request) else OnBehalfFormSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        rows, errors = {}, {}
        for field, model, path in (("building", Building, "grid"), ("resident", Resident, "household__building__grid"),
                                   ("visit", Visit, "household__building__grid")):
            rows[field] = registry_row_in_territory(user, model, data.get(field), grid_path=path)
            if data.get(field) is not None and rows[field] is None:
                errors[field] = [_("不存在或不在您的辖区。")]
        if errors:  # not in the staff member's territory (or no such row): 404, as for a path id
            raise OutOfScope(errors)
        appeal = services.appeal_create_on_behalf(
            actor=user, channel=data["channel"], text=data.get("text", ""), photos=data.get("photos", []),
            category=data.get("category"), building=rows["building"], address=data.get("address", ""),
            registry_resident=rows["resident"], source_visit=rows["visit"],
            contact_name=data.get("contact_name", ""), contact_phone=data.get("contact_phone", ""),
            publish_allowed=data["publish_allowed"])
        return self._done(appeal, status.HTTP_201_CREATED)

    @extend_schema(request=RouteSerializer, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        """Community, street and district admins send the case straight to a level."""
        appeal = self.get_object()
        data = RouteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.appeal_route(appeal=appeal, actor=request.user, **data.validated_data))

    @extend_schema(request=None, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(services.appeal_accept(appeal=self.get_object(), actor=request.user))

    @extend_schema(request=ReplySerializer, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        appeal = self.get_object()
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.appeal_reply(appeal=appeal, actor=request.user, **data.validated_data))

    @extend_schema(request=ReasonSerializer, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        appeal = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.appeal_escalate(appeal=appeal, actor=request.user, reason=data.validated_data["reason"]))

    @extend_schema(request=ReasonSerializer, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        appeal = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.appeal_decline(appeal=appeal, actor=request.user, reason=data.validated_data["reason"]))

    @extend_schema(request=RateSerializer, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        appeal = self.get_object()
        data = RateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.appeal_rate(appeal=appeal, actor=request.user, **data.validated_data))



router = SimpleRouter()
router.register("appeals", AppealViewSet, basename="appeal")
router.register("appeal-categories", CategoryViewSet, basename="appeal-category")

urlpatterns = router.urls
