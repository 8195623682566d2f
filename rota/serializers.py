"""Query validation (clear Chinese messages) and the shapes the rota API answers with."""

import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grid.hours import MAX_RANGE_DAYS

from .models import Shift


class HoursQuery(serializers.Serializer):
    date_from = serializers.DateField(error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。"),
                                                      "required": _("请提供起始日期 from。")})
    date_to = serializers.DateField(error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。"),
                                                    "required": _("请提供结束日期 to。")})

    def validate(self, data):
        if data["date_to"] < data["date_from"]:
            raise serializers.ValidationError({"to": _("结束日期不能早于起始日期。")})
        if (data["date_to"] - data["date_from"]).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError({"to": _("一次最多查询 %(n)s 天。") % {"n": MAX_RANGE_DAYS}})
        return data

    @classmethod
    def from_params(cls, params):
        return cls(data={"date_from": params.get("from"), "date_to": params.get("to")})


def parse_month(value) -> datetime.date | None:
    """'2026-10' → 2026-10-01; None for anything else (years 2000–2099 only)."""
    try:
        year, month = str(value or "").split("-")
        if len(year) != 4 or len(month) != 2:
            return None
        parsed = datetime.date(int(year), int(month), 1)
    except (TypeError, ValueError):
        return None
    return parsed if 2000 <= parsed.year <= 2099 else None


class ShiftsQuery(serializers.Serializer):
    community = serializers.IntegerField(min_value=1, error_messages={
        "invalid": _("community 须为社区编号。"), "required": _("请提供 community。")})
    month = serializers.CharField(error_messages={"required": _("请提供 month（YYYY-MM）。")})

    def validate_month(self, value):
        month = parse_month(value)
        if month is None:
            raise serializers.ValidationError(_("月份格式应为 YYYY-MM。"))
        return month


class CoverageQuery(serializers.Serializer):
    centre = serializers.IntegerField(min_value=1, error_messages={
        "invalid": _("centre 须为服务中心编号。"), "required": _("请提供 centre。")})
    date = serializers.DateField(error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。"),
                                                 "required": _("请提供 date。")})


class PeriodSerializer(serializers.Serializer):
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")
    kind = serializers.CharField()
    kind_label = serializers.CharField()


class DayHoursSerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    pattern = serializers.CharField()
    pattern_label = serializers.CharField()
    name = serializers.CharField()
    open = serializers.BooleanField(source="is_open")
    periods = PeriodSerializer(many=True)


class ShiftSerializer(serializers.ModelSerializer):
    worker = serializers.CharField(source="worker.user.name")
    worker_id = serializers.IntegerField(source="worker.user_id")
    window_qualified = serializers.BooleanField(source="worker.window_qualified")
    kind_label = serializers.CharField(source="get_kind_display")
    rota_status = serializers.CharField(source="rota.status")

    class Meta:
        model = Shift
        fields = ["id", "day", "start", "end", "kind", "kind_label", "worker", "worker_id", "window_qualified",
                  "rota_status"]


class CoverageWorkerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    window_qualified = serializers.BooleanField()


class CoveragePeriodSerializer(serializers.Serializer):
    opens = serializers.CharField()
    closes = serializers.CharField()
    kind = serializers.CharField()
    covered = serializers.BooleanField()
    workers = CoverageWorkerSerializer(many=True)


class CoverageSerializer(serializers.Serializer):
    centre = serializers.IntegerField()
    date = serializers.DateField()
    published = serializers.BooleanField(help_text="false: the month has no published rota (no coverage answer)")
    periods = CoveragePeriodSerializer(many=True)
