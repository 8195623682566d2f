"""JSON API: a centre's hours, a month's shifts, a day's coverage (HTTP only)."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from grid.hours import centre_hours
from grid.models import Community, ServiceCentre
from taijiang.core.schema import ERROR

from . import selectors
from .models import Rota, RotaStatus
from .permissions import MANAGE_REFUSED, can_manage_community, can_read_community
from .serializers import (
    MAX_RANGE_DAYS,
    CoverageQuery,
    CoverageSerializer,
    DayHoursSerializer,
    HoursQuery,
    ShiftSerializer,
    ShiftsQuery,
)


class HoursDates(HoursQuery):
    """The two dates of HoursQuery, each checked, without its rules across them (see CentreHoursView)."""

    def validate(self, data):
        return data


def _valid(serializer):
    if not serializer.is_valid():
        raise ValidationError(serializer.errors)
    return serializer.validated_data


class CentreHoursView(APIView):
    """When a centre is open and for what, per date (public: the same facts are on the door)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("from", OpenApiTypes.DATE, required=True),
                               OpenApiParameter("to", OpenApiTypes.DATE, required=True, description=(
                                   "The last day. At most 92 days from `from` are answered (ask again from the "
                                   "day after the last one); a `to` before `from` answers no days."))],
                   responses=inline_serializer("CentreHours", {
                       "centre": serializers.IntegerField(), "name": serializers.CharField(),
                       "self_service": serializers.BooleanField(), "days": DayHoursSerializer(many=True)}))
    def get(self, request, pk):
        centre = get_object_or_404(ServiceCentre, pk=pk)
        dates = HoursQuery.from_params(request.query_params)
        # Only the dates themselves can be wrong here: a long range is cut to its first
        # MAX_RANGE_DAYS (the page refuses it, a client pages), an inverted one is empty.
        query = _valid(HoursDates(data=dates.initial_data))
        start, end = query["date_from"], query["date_to"]
        end = start + min(end - start, datetime.timedelta(days=MAX_RANGE_DAYS - 1))
        days = centre_hours(centre, start, end) if end >= start else []
        return Response({"centre": centre.pk, "name": centre.name, "self_service": centre.has_self_service,
                         "days": DayHoursSerializer(days, many=True).data})


class ShiftsView(APIView):
    """A community's shifts for a month: admins see drafts too; a worker sees only their own published shifts."""

    @extend_schema(parameters=[OpenApiParameter("community", {"type": "integer", "minimum": 1}, required=True),
                               OpenApiParameter("month", {"type": "string", "pattern": r"^20\d\d-(0[1-9]|1[0-2])$"},
                                                required=True, description="YYYY-MM")],
                   responses={200: inline_serializer("CommunityShifts", {
                       "community": serializers.IntegerField(), "month": serializers.CharField(),
                       "status": serializers.CharField(allow_null=True, help_text="null: no rota for the month"),
                       "shifts": ShiftSerializer(many=True)}), 404: ERROR})
    def get(self, request):
        query = _valid(ShiftsQuery(data=request.query_params))
        community = Community.objects.filter(pk=query["community"]).first()
        if community is None or not can_read_community(request.user, community):
            raise NotFound(_("找不到该社区的排班。"))
        rota = Rota.objects.filter(community=community, month=query["month"]).first()
        if rota is None:
            return Response({"community": community.pk, "month": f"{query['month']:%Y-%m}", "status": None,
                             "shifts": []})
        shifts = selectors.shifts_in(rota).select_related("rota")
        if not can_manage_community(request.user, community):
            if rota.status != RotaStatus.PUBLISHED:
                shifts = shifts.none()
            shifts = shifts.filter(worker__user=request.user)
        return Response({"community": community.pk, "month": f"{rota.month:%Y-%m}", "status": rota.status,
                         "shifts": ShiftSerializer(shifts, many=True).data})


class CoverageView(APIView):
    """For each open period of a centre on a date: who is rostered and whether it is covered (admins)."""

    @extend_schema(parameters=[OpenApiParameter("centre", {"type": "integer", "minimum": 1}, required=True),
                               OpenApiParameter("date", OpenApiTypes.DATE, required=True)],
                   responses={200: CoverageSerializer, 404: ERROR})
    def get(self, request):
        query = _valid(CoverageQuery(data=request.query_params))
        centre = ServiceCentre.objects.filter(pk=query["centre"], community__isnull=False)\
            .select_related("community").first()
        if centre is None or not can_read_community(request.user, centre.community):
            raise NotFound(_("找不到该服务中心。"))
        if not can_manage_community(request.user, centre.community):
            # Colleagues' shifts are the admins' to see; a worker reads their own through /rota/shifts/.
            raise PermissionDenied(MANAGE_REFUSED)
        day = query["date"]
        periods = selectors.coverage(centre, day, day)[day]
        return Response({
            "centre": centre.pk, "date": day.isoformat(), "published": periods is not None,
            "periods": [{"opens": f"{c.period.opens:%H:%M}", "closes": f"{c.period.closes:%H:%M}",
                         "kind": c.period.kind, "covered": c.covered,
                         "workers": [{"id": w.user_id, "name": w.user.name, "window_qualified": w.window_qualified}
                                     for w in c.workers]}
                        for c in periods or []],
        })


urlpatterns = [
    path("centres/<id:pk>/hours/", CentreHoursView.as_view(), name="api-centre-hours"),
    path("rota/shifts/", ShiftsView.as_view(), name="api-rota-shifts"),
    path("rota/coverage/", CoverageView.as_view(), name="api-rota-coverage"),
]
