"""JSON API: rooms, slices, availability, bookings, activities, sign-ups (HTTP only)."""

import datetime

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from taijiang.core.http import parse_id

from . import selectors, services
from .calendar import parse_day
from .models import Activity, Booking, Room, SignUp, TimeSlice
from .serializers import (
    ActivitySerializer,
    BookingCancelSerializer,
    BookingCreateSerializer,
    BookingSerializer,
    FreeRangeSerializer,
    RoomSerializer,
    SignUpSerializer,
    SliceSerializer,
)


class RoomFilter(django_filters.FilterSet):
    class Meta:
        model = Room
        fields = ["centre", "kind", "bookable", "bookers"]


class RoomViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoomSerializer
    filterset_class = RoomFilter

    def get_queryset(self):
        return selectors.rooms_listed(self.request.user)

    @extend_schema(parameters=[OpenApiParameter("date", OpenApiTypes.DATE, required=True,
                                                description="A day more than five years away has no free time.")],
                   responses=inline_serializer("RoomAvailability", {
                       "room": serializers.IntegerField(), "date": serializers.DateField(),
                       "free": FreeRangeSerializer(many=True)}))
    @action(detail=True, methods=["get"])
    def availability(self, request, pk=None):
        room = get_object_or_404(selectors.with_calendar(selectors.rooms_listed()), pk=parse_id(pk))
        raw = request.query_params.get("date") or ""
        day = parse_day(raw)
        if day is None:
            try:  # a real date, only far away: nothing is bookable then (the calendar covers five years)
                far = datetime.date.fromisoformat(raw)
            except ValueError:
                raise ValidationError({"date": [_("请提供五年内的有效日期（YYYY-MM-DD）。")]})
            return Response({"room": room.pk, "date": far.isoformat(), "free": []})
        free = selectors.availability(room, day)
        data = [{"start": o.start, "end": o.end, "function": o.function, "function_label": o.function_label,
                 "audience": o.audience} for o in free]
        return Response({"room": room.pk, "date": day.isoformat(), "free": FreeRangeSerializer(data, many=True).data})


class SliceFilter(django_filters.FilterSet):
    class Meta:
        model = TimeSlice
        fields = ["room", "weekday", "function", "audience", "room__centre"]


class SliceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SliceSerializer
    filterset_class = SliceFilter
    queryset = TimeSlice.objects.filter(room__is_active=True).order_by("room", "weekday", "starts")


class BookingFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="start", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="start", lookup_expr="date__lte")

    class Meta:
        model = Booking
        fields = ["room", "status", "purpose"]


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    """Residents see their own bookings; staff see their centre's. POST: 201, or 400/403/409 with the reason."""

    filterset_class = BookingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.bookings_visible_to(self.request.user).order_by("-start", "-pk")

    def get_serializer_class(self):
        return BookingCreateSerializer if self.action == "create" else BookingSerializer

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        form = BookingCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        weeks = data.pop("weeks")
        if weeks > 1:
            bookings = services.booking_create_weekly(actor=request.user, weeks=weeks, **data)
            return Response(BookingSerializer(bookings, many=True).data, status=status.HTTP_201_CREATED)
        booking = services.booking_create(actor=request.user, **data)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BookingCancelSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self.get_object()
        data = BookingCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_cancel(booking=booking, actor=request.user, reason=data.validated_data["reason"])
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        booking = services.booking_check_in(booking=self.get_object(), actor=request.user)
        return Response(BookingSerializer(booking).data)


class ActivityFilter(django_filters.FilterSet):
    centre = django_filters.NumberFilter(field_name="booking__room__centre")
    room = django_filters.NumberFilter(field_name="booking__room")
    date_from = django_filters.DateFilter(field_name="booking__start", lookup_expr="date__gte")

    class Meta:
        model = Activity
        fields = ["kind", "status", "centre", "room", "date_from"]


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter

    def get_queryset(self):
        return selectors.activities_listed().prefetch_related("appeal_links")

    @extend_schema(request=None, responses={201: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        signup = services.signup_create(activity=self.get_object(), actor=request.user)
        return Response(SignUpSerializer(signup).data, status=status.HTTP_201_CREATED)


class SignUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SignUpSerializer
    filterset_fields = ["status", "activity"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SignUp.objects.none()
        return selectors.signups_of(self.request.user)

    @extend_schema(request=None, responses=SignUpSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        signup = services.signup_cancel(signup=self.get_object(), actor=request.user)
        return Response(SignUpSerializer(signup).data)


router = SimpleRouter()
router.register("rooms", RoomViewSet, basename="spaces-room")
router.register("slices", SliceViewSet, basename="spaces-slice")
router.register("bookings", BookingViewSet, basename="spaces-booking")
router.register("activities", ActivityViewSet, basename="spaces-activity")
router.register("signups", SignUpViewSet, basename="spaces-signup")

urlpatterns = router.urls

