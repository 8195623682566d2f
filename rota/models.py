"""The duty rota (弹性服务工作制): who covers which opening period of a community's centre.

A Shift is one worker in one opening period on one date (periods come from grid.hours). A month's
shifts belong to a Rota, drafted by the generator or by hand and published; only published shifts
count for coverage. Swap requests hand a published shift to a colleague once the admin approves.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created, StatusChange


class RotaPolicy(models.Model):
    """A community's rules for the generator; defaults apply when a community has none."""

    community = models.OneToOneField("grid.Community", on_delete=models.CASCADE, related_name="rota_policy",
                                     verbose_name=_("社区"))
    staggered_days_per_week = models.PositiveSmallIntegerField(_("每周错时天数"), default=2)
    weekly_hours_cap = models.PositiveSmallIntegerField(_("每周工时上限（小时）"), default=40)
    min_rest_hours = models.PositiveSmallIntegerField(_("两班之间最少休息（小时）"), default=11)
    max_staff_per_period = models.PositiveSmallIntegerField(_("每时段最多排班人数"), default=2,
                                                            help_text=_("一般为窗口数。"))
    solver_seconds = models.PositiveSmallIntegerField(_("求解时限（秒）"), default=20)

    class Meta:
        verbose_name = _("排班规则")
        verbose_name_plural = _("排班规则")
        constraints = [
            models.CheckConstraint(condition=Q(staggered_days_per_week__lte=7), name="rota_policy_staggered_days"),
            models.CheckConstraint(condition=Q(weekly_hours_cap__gte=1, weekly_hours_cap__lte=84),
                                   name="rota_policy_hours_cap"),
            models.CheckConstraint(condition=Q(max_staff_per_period__gte=1), name="rota_policy_max_staff"),
            models.CheckConstraint(condition=Q(solver_seconds__gte=1, solver_seconds__lte=30),
                                   name="rota_policy_solver_seconds"),
        ]

    def __str__(self) -> str:
        return str(self.community)


class Worker(models.Model):
    """A community staff member (window staff, grid worker or the community admin) on the rota."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rota_worker",
                                verbose_name=_("人员"))
    community = models.ForeignKey("grid.Community", on_delete=models.CASCADE, related_name="rota_workers",
                                  verbose_name=_("社区"))
    window_qualified = models.BooleanField(_("可独立值守窗口"), default=False)
    active = models.BooleanField(_("参加排班"), default=True)

    class Meta:
        verbose_name = _("排班人员")
        verbose_name_plural = _("排班人员")
        ordering = ["community", "user__display_name", "user__username"]

    def __str__(self) -> str:
        return str(self.user)


class Absence(models.Model):
    """Leave (whole days) or a weekly time the worker is not available (e.g. Wednesday afternoons)."""

    class Kind(models.TextChoices):
        LEAVE = "leave", _("请假")
        UNAVAILABLE = "unavailable", _("每周不可排班")

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="absences", verbose_name=_("人员"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    first_day = models.DateField(_("起始日期"), null=True, blank=True)
    last_day = models.DateField(_("结束日期"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("星期"), null=True, blank=True,
        choices=[(0, _("周一")), (1, _("周二")), (2, _("周三")), (3, _("周四")), (4, _("周五")),
                 (5, _("周六")), (6, _("周日"))])
    starts = models.TimeField(_("开始"), null=True, blank=True)
    ends = models.TimeField(_("结束"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("请假与不可排班")
        verbose_name_plural = _("请假与不可排班")
        ordering = ["worker", "first_day", "weekday"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="leave") | Q(first_day__isnull=False, last_day__isnull=False,
                                               first_day__lte=models.F("last_day")),
                name="absence_leave_has_dates"),
            models.CheckConstraint(condition=~Q(kind="unavailable") | Q(weekday__isnull=False),
                                   name="absence_unavailable_has_weekday"),
            models.CheckConstraint(condition=Q(starts__isnull=True) | Q(ends__isnull=True)
                                   | Q(starts__lt=models.F("ends")), name="absence_times_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.get_kind_display()}"


class RotaStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Rota(Created):
    """A community's rota for one calendar month."""

    community = models.ForeignKey("grid.Community", on_delete=models.CASCADE, related_name="rotas",
                                  verbose_name=_("社区"))
    month = models.DateField(_("月份"), help_text=_("该月 1 日"))
    status = models.CharField(_("状态"), max_length=10, choices=RotaStatus.choices, default=RotaStatus.DRAFT)
    # What the generator said last time: {"status": ..., "uncovered": [...], "notes": [...]}
    report = models.JSONField(_("排班结果说明"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("月度排班")
        verbose_name_plural = _("月度排班")
        ordering = ["community", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="one_rota_per_community_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="rota_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.month:%Y-%m}"

    @property
    def is_published(self) -> bool:
        return self.status == RotaStatus.PUBLISHED


class RotaChange(StatusChange):
    """The rota's timeline: generated, edited, published."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=20)


class ShiftKind(models.TextChoices):
    REGULAR = "regular", _("正常班")
    STAGGERED_EARLY = "staggered_early", _("错时早班")
    STAGGERED_LATE = "staggered_late", _("错时晚班")
    WEEKEND = "weekend", _("周末班")
    HOLIDAY_DUTY = "holiday_duty", _("节假日值班")


STAGGERED_SHIFT_KINDS = frozenset({ShiftKind.STAGGERED_EARLY, ShiftKind.STAGGERED_LATE})


class Shift(models.Model):
    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("排班"))
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("人员"))
    centre = models.ForeignKey("grid.ServiceCentre", on_delete=models.CASCADE, related_name="shifts",
                               verbose_name=_("服务中心"))
    day = models.DateField(_("日期"))
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    kind = models.CharField(_("班次"), max_length=16, choices=ShiftKind.choices)
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, raised on every change")

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["start", "worker"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "start"], name="one_shift_per_worker_and_start"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="shift_starts_before_end"),
        ]
        indexes = [models.Index(fields=["centre", "start"], name="shift_centre_start")]

    def __str__(self) -> str:
        return f"{self.worker} {self.start:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class SwapStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")
    WITHDRAWN = "withdrawn", _("已撤回")


class SwapRequest(Created):
    """A worker asks that a colleague take over one of their published shifts."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="swap_requests", verbose_name=_("班次"))
    requested_by = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="swaps_requested",
                                     verbose_name=_("申请人"))
    take_over_by = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="swaps_offered",
                                     verbose_name=_("接班人"))
    reason = models.CharField(_("原因"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.REQUESTED)

    class Meta:
        verbose_name = _("换班申请")
        verbose_name_plural = _("换班申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["shift"], condition=Q(status="requested"),
                                    name="one_open_swap_per_shift"),
        ]

    def __str__(self) -> str:
        return f"{self.shift} → {self.take_over_by}"


class SwapChange(StatusChange):
    """The swap request's timeline: requested, approved, refused, withdrawn."""

    swap = models.ForeignKey(SwapRequest, on_delete=models.CASCADE, related_name="changes")


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """The secret in a worker's private shift-calendar URL; regenerating it kills the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rota_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"rota feed of {self.user_id}"
