"""/api/v1/notifications/: the signed-in user's own notifications and channel preferences."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from . import selectors, services
from .models import ChannelPreference, Notification
from .serializers import ChannelPreferenceSerializer, NotificationSerializer

COUNT = inline_serializer("NotificationCount", {"count": serializers.IntegerField()})


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Only the user's own, already due notifications; anyone else's answers 404."""

    serializer_class = NotificationSerializer
    filterset_fields = ["event"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notification.objects.none()
        return selectors.notifications_for(self.request.user)

    @extend_schema(request=None, responses=COUNT)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"count": selectors.unread_count(request.user)})

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(user=request.user, notification_ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=COUNT)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"count": services.mark_read(user=request.user)})

    @extend_schema(request=ChannelPreferenceSerializer, responses=ChannelPreferenceSerializer)
    @action(detail=False, methods=["get", "put"])
    def preferences(self, request):
        prefs = ChannelPreference.objects.filter(user=request.user).first() or ChannelPreference(user=request.user)
        if request.method == "GET":
            return Response(ChannelPreferenceSerializer(prefs).data)
        serializer = ChannelPreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        prefs = services.set_channel_preferences(user=request.user, **serializer.validated_data)
        return Response(ChannelPreferenceSerializer(prefs).data)


router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
