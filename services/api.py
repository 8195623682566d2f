"""The JSON API (mounted at /api/v1/): catalogue (public), requests, appointments, the queue."""


import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from grid.models import ServiceCentre
from taijiang.core.exceptions import InvalidTransition
from taijiang.core.http import parse_date, parse_id
from taijiang.core.schema import ERROR
from taijiang.core.uploads import clean_material
from taijiang.users.scope import scope_for

from . import permissions, selectors, services
from .models import (
    Appointment,
    AppointmentSlot,
    QueueTicket,
    RequestEvent,
    RequestStatus,
    ServiceItem,
    ServiceRequest,
    Window,
)
from .serializers import (
    AppointmentSerializer,
    ItemSerializer,
    MaterialUploadSerializer,
    MissingSerializer,
    NoteSerializer,
    ProcessSerializer,
    RejectSerializer,
    RequestSerializer,
    RescheduleSerializer,
    ResultSerializer,
    SlotSerializer,
    TicketCompleteSerializer,
    TicketIssueSerializer,
    TicketSerializer,
    TicketTransferSerializer,
    TicketWindowSerializer,
    WindowSerializer,
)


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))

    class Meta:
        model = ServiceItem
        fields = ["group", "level", "online", "proxy", "home_service"]

    def search(self, queryset, name, value):
        ranked = selectors.public_items(query=value)  # best answer first, as on the page
        return queryset.filter(pk__in=ranked.values("pk")).order_by(*ranked.query.order_by)


class CatalogueItemViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = ItemSerializer
    lookup_field = "code"
    filterset_class = ItemFilter
    queryset = selectors.item_with_materials(ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE))\
        .order_by("group", "order", "code")


class RequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ServiceRequest.objects.none()
    serializer_class = RequestSerializer
    filterset_fields = ["status", "item__code", "is_proxy", "community", "channel"]
    ordering_fields = ["submitted_at", "due_date"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.requests_visible_to(self.request.user).prefetch_related(
            Prefetch("events", queryset=RequestEvent.objects.order_by("at", "pk")), "attachments")

    def perform_create(self, serializer):
        user = self.request.user
        if not user.is_resident:
            raise PermissionDenied(_("网上预申请供居民本人使用。"))
        community = user.building.grid.community if user.building_id else user.community
        if community is None:  # the account's profile refuses it, not the request: 409
            raise InvalidTransition(_("请先在个人资料中填写所在社区。"))
        serializer.instance = services.request_submit(
            item=serializer.validated_data["item"], actor=user, applicant=user, community=community,
            grid=user.building.grid if user.building_id else None, applicant_phone=user.phone or "",
            description=serializer.validated_data.get("description", ""))

    def _act(self, request, func, form=None):
        obj = self.get_object()
        values = {}
        if form is not None:
            data = form(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
        func(request=obj, actor=request.user, **values)
        return Response(RequestSerializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request={"multipart/form-data": MaterialUploadSerializer}, responses={201: RequestSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def materials(self, request, pk=None):
        """Upload one material (multipart `file`, optional `material` id of the item's checklist).
        After a missing-materials notice this hands the materials in and returns the request to pre-review."""
        obj = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": [_("请上传材料。")]})
        form = MaterialUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        material = obj.item.materials.filter(pk=form.validated_data.get("material")).first()
        try:
            content = clean_material(upload)
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages})
        files = [(material, content, upload.name)]
        if obj.status == RequestStatus.MATERIALS_MISSING:
            services.request_supplement(request=obj, actor=request.user, files=files)
        else:
            services.request_add_materials(request=obj, actor=request.user, files=files)
        return Response(RequestSerializer(self.get_queryset().get(pk=obj.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._act(request, services.request_start_review)

    @extend_schema(request=MissingSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def missing(self, request, pk=None):
        return self._act(request, services.request_mark_missing, MissingSerializer)

    @extend_schema(request=NoteSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(request, services.request_accept, NoteSerializer)

    @extend_schema(request=ProcessSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def process(self, request, pk=None):
        return self._act(request, services.request_process, ProcessSerializer)

    @extend_schema(request=ResultSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._act(request, services.request_complete, ResultSerializer)

    @extend_schema(request=RejectSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(request, services.request_reject, RejectSerializer)

    @extend_schema(request=NoteSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(request, services.request_withdraw, NoteSerializer)


class SlotViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AppointmentSlot.objects.none()
    serializer_class = SlotSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        centre = get_object_or_404(ServiceCentre, pk=parse_id(self.request.query_params.get("centre")))
        day = parse_date(self.request.query_params.get("day")) or timezone.localdate()
        ids = [s.pk for s in services.ensure_slots(centre=centre, day=day)]
        return AppointmentSlot.objects.filter(pk__in=ids).order_by("start")


class AppointmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Appointment.objects.none()
    serializer_class = AppointmentSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = self.request.user
        if user.is_resident:
            return selectors.appointments_of(user).order_by("-slot__start")
        if permissions.is_counter_staff(user):  # window staff check residents in
            qs = Appointment.objects.select_related("slot__centre", "item", "ticket")
            return scope_for(user).filter(qs, community="slot__centre__community").order_by("-slot__start")
        return Appointment.objects.none()

    def perform_create(self, serializer):
        if not self.request.user.is_resident:
            raise PermissionDenied(_("预约供居民本人使用。"))
        data = serializer.validated_data
        serializer.instance = services.appointment_book(resident=self.request.user, slot=data["slot"],
                                                        item=data["item"], actor=self.request.user,
                                                        note=data.get("note", ""))

    @extend_schema(request=None, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        appointment = services.appointment_cancel(appointment=self.get_object(), actor=request.user)
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(request=RescheduleSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        data = RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = data.validated_data["slot"]
        appointment = services.appointment_reschedule(appointment=self.get_object(), actor=request.user, slot=slot)
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(request=None, responses={201: TicketSerializer})
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        ticket = services.appointment_check_in(appointment=self.get_object(), actor=request.user)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


def _staff_only(user):
    if not permissions.is_counter_staff(user):
        raise PermissionDenied(_("排队叫号接口仅供窗口人员使用。"))


class WindowViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Window.objects.none()
    serializer_class = WindowSerializer
    filterset_fields = ["centre", "is_open"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        _staff_only(self.request.user)
        return scope_for(self.request.user).filter(Window.objects.all(), community="centre__community")

    @extend_schema(request=None, responses={200: TicketSerializer, 204: OpenApiResponse(description="Nobody is waiting.")})
    @action(detail=True, methods=["post"], url_path="call-next")
    def call_next(self, request, pk=None):
        ticket = services.ticket_call_next(window=self.get_object(), actor=request.user)
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(TicketSerializer(ticket).data)

    @extend_schema(request=None, responses=WindowSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return Response(WindowSerializer(services.window_set_open(window=self.get_object(), actor=request.user,
                                                                  is_open=True)).data)

    @extend_schema(request=None, responses=WindowSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(WindowSerializer(services.window_set_open(window=self.get_object(), actor=request.user,
                                                                  is_open=False)).data)


class TicketFilter(django_filters.FilterSet):
    class Meta:
        model = QueueTicket
        fields = ["centre", "service_date", "status", "kind", "window", "is_priority"]


class TicketViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = QueueTicket.objects.none()
    serializer_class = TicketSerializer
    filterset_class = TicketFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = self.request.user
        qs = QueueTicket.objects.select_related("window").prefetch_related("requests")
        if user.is_resident:
            return qs.filter(resident=user)
        return scope_for(user).filter(qs, community="centre__community")

    @extend_schema(request=TicketIssueSerializer, responses={201: TicketSerializer, 404: ERROR})
    def create(self, request, *args, **kwargs):
        """Take a number: a resident for themself (source api), window staff for someone at the counter."""
        data = TicketIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        centre = get_object_or_404(ServiceCentre, pk=data.validated_data["centre"])
        user = request.user
        staff = permissions.can_operate_centre(user, centre)
        if not staff and not user.is_resident:
            raise PermissionDenied(_("只能在本中心取号。"))
        reason = data.validated_data["priority_reason"]
        ticket = services.ticket_issue(
            centre=centre, actor=user, item=data.validated_data.get("item"), resident=None if staff else user,
            source=QueueTicket.Source.STAFF if staff else QueueTicket.Source.API, is_priority=bool(reason),
            priority_reason=reason)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)

    def _act(self, request, func, form=TicketWindowSerializer):
        _staff_only(request.user)
        ticket = self.get_object()
        data = form(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = func(ticket=ticket, actor=request.user, **data.validated_data)
        return Response(TicketSerializer(ticket).data)

    @extend_schema(request=TicketWindowSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        return self._act(request, services.ticket_recall)

    @extend_schema(request=TicketWindowSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        return self._act(request, services.ticket_no_show)

    @extend_schema(request=TicketWindowSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        return self._act(request, services.ticket_start)

    @extend_schema(request=TicketTransferSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._act(request, services.ticket_transfer, TicketTransferSerializer)

    @extend_schema(request=TicketCompleteSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        _staff_only(request.user)
        ticket = self.get_object()
        data = TicketCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        ticket = services.ticket_complete(ticket=ticket, window=values["window"], actor=request.user,
                                          handled=list(values["requests"]) + list(values["items"]),
                                          applicant_name=values["applicant_name"], note=values["note"])
        return Response(TicketSerializer(ticket).data)


router = SimpleRouter()
router.register("catalogue/items", CatalogueItemViewSet, basename="catalogue-item")
router.register("service-requests", RequestViewSet, basename="service-request")
router.register("appointment-slots", SlotViewSet, basename="appointment-slot")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("queue/windows", WindowViewSet, basename="queue-window")
router.register("queue/tickets", TicketViewSet, basename="queue-ticket")

urlpatterns = router.urls
