"""Time slices: the weekly pattern of what a room is for, and the dates that differ."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .rooms import Function, Room

WEEKDAYS = [(0, _("周一")), (1, _("周二")), (2, _("周三")), (3, _("周四")), (4, _("周五")), (5, _("周六")),
            (6, _("周日"))]


class Audience(models.TextChoices):
    ALL = "all", _("所有居民")
    ELDERLY = "elderly", _("老年人")
    CHILDREN = "children", _("少年儿童")
    FAMILIES = "families", _("亲子家庭")
    YOUTH = "youth", _("青年")
    ORGANISATIONS = "organisations", _("社会组织")
    STAFF = "staff", _("工作人员")


class TimeSlice(models.Model):
    """On `weekday` from `starts` to `ends`, the room serves `function` for `audience`.

    Valid for a term or season (`valid_from`..`valid_until`, open-ended when empty).
    """

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="slices", verbose_name=_("房间"))
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=WEEKDAYS)
    starts = models.TimeField(_("开始"))
    ends = models.TimeField(_("结束"))
    function = models.CharField(_("功能"), max_length=14, choices=Function.choices, default=Function.GENERAL)
    audience = models.CharField(_("面向"), max_length=14, choices=Audience.choices, default=Audience.ALL)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("时段")
        verbose_name_plural = _("时段")
        ordering = ["room", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(starts__lt=F("ends")), name="slice_starts_before_ends"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="slice_weekday_range"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True) | Q(valid_from__lte=F("valid_until")),
                name="slice_valid_range_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M} {self.get_function_display()}"


class SliceException(models.Model):
    """A date that differs from the weekly pattern (a holiday, a closure, a one-off use).

    CLOSE removes the given hours (the whole day when no times are given). OVERRIDE rows
    replace that day's weekly pattern with their own time, function and audience.
    """

    class Kind(models.TextChoices):
        CLOSE = "close", _("关闭")
        OVERRIDE = "override", _("改变用途")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("房间"))
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.CLOSE)
    starts = models.TimeField(_("开始"), null=True, blank=True)
    ends = models.TimeField(_("结束"), null=True, blank=True)
    function = models.CharField(_("功能"), max_length=14, choices=Function.choices, default=Function.GENERAL)
    audience = models.CharField(_("面向"), max_length=14, choices=Audience.choices, default=Audience.ALL)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("日期例外")
        verbose_name_plural = _("日期例外")
        ordering = ["room", "date", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(starts__isnull=True) & Q(ends__isnull=True)) | Q(starts__lt=F("ends")),
                name="exception_times_ordered"),
            models.CheckConstraint(
                condition=Q(kind="close") | (Q(starts__isnull=False) & Q(ends__isnull=False)),
                name="exception_override_has_times"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.note}"
