"""/api/v1/appeals/ and /api/v1/appeal-categories/: scoped by role, residents see only their own."""

from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from . import services
from .filters import AppealFilter
from .models import Category
from .selectors import appeals_visible_to
from .serializers import (
    AppealCreateSerializer,
    AppealDetailSerializer,
    AppealSerializer,
    CategorySerializer,
    RateSerializer,
    ReasonSerializer,
    ReplySerializer,
)
from .views._helpers import client_ip


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

    def create(self, request, *args, **kwargs):
        serializer = AppealCreateSerializer(data=request.data)
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

    def _done(self, appeal):
        appeal = self.get_queryset().get(pk=appeal.pk)
        return Response(AppealDetailSerializer(appeal, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(services.accept(appeal=self.get_object(), actor=request.user))

    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        appeal = self.get_object()
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.reply(appeal=appeal, actor=request.user, **data.validated_data))

    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        appeal = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.escalate(appeal=appeal, actor=request.user, reason=data.validated_data["reason"]))

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        appeal = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.decline(appeal=appeal, actor=request.user, reason=data.validated_data["reason"]))

    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        appeal = self.get_object()
        data = RateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.rate(appeal=appeal, actor=request.user, **data.validated_data))



router = SimpleRouter()
router.register("appeals", AppealViewSet, basename="appeal")
router.register("appeal-categories", CategoryViewSet, basename="appeal-category")

urlpatterns = router.urls
