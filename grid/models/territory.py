"""The territory: street › community › grid › building (micro-grid), and service centres.

The district level is implicit (one deployment serves one district). A building is the
micro-grid of the five-level grid (typical): a building or a stairwell.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Street(models.Model):
    name = models.CharField(_("街道名称"), max_length=50, unique=True)
    code = models.SlugField(_("编码"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = _("街道")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("街道"))
    name = models.CharField(_("社区名称"), max_length=50)
    code = models.SlugField(_("编码"), max_length=30, unique=True)
    is_pilot = models.BooleanField(_("改革试点"), default=False)

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["street__code", "code"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="community_name_unique_per_street")]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="grids", verbose_name=_("社区"))
    name = models.CharField(_("网格名称"), max_length=50)
    code = models.SlugField(_("编码"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["community__code", "code"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_name_unique_per_community")]

    def __str__(self) -> str:
        return f"{self.community.name}·{self.name}"


class Building(models.Model):
    """A building or stairwell: the micro-grid (微网格)."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("网格"))
    name = models.CharField(_("楼栋"), max_length=60, help_text=_("如：福祥小区 3 号楼"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("楼栋（微网格）")
        verbose_name_plural = _("楼栋（微网格）")
        ordering = ["grid__code", "name"]
        constraints = [models.UniqueConstraint(fields=["grid", "name"], name="building_name_unique_per_grid")]

    def __str__(self) -> str:
        return self.name

    @property
    def community(self) -> Community:
        return self.grid.community


class ServiceCentre(models.Model):
    """A Party-mass service centre (党群服务中心) of a community, or of a street."""

    name = models.CharField(_("名称"), max_length=80)
    community = models.OneToOneField(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="centre", verbose_name=_("社区")
    )
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="centres", verbose_name=_("街道"))
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("咨询电话"), max_length=30, blank=True)
    total_area_m2 = models.DecimalField(_("总面积（㎡）"), max_digits=8, decimal_places=1, default=0)
    has_self_service = models.BooleanField(_("24 小时自助服务区"), default=False)

    class Meta:
        verbose_name = _("党群服务中心")
        verbose_name_plural = _("党群服务中心")
        ordering = ["street__code", "name"]
        constraints = [
            # A street's own centre has no community; at most one per street.
            models.UniqueConstraint(
                fields=["street"], condition=Q(community__isnull=True), name="one_street_centre_per_street"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningPeriod(models.Model):
    """An opening period of a centre, optionally for a season (summer/winter hours).

    Weekly periods have a weekday. Holiday-duty periods (节假日值班) have none: they apply on every
    official holiday within their validity, and on a holiday they are the only periods that apply
    (grid.hours decides a date's pattern from the holiday calendar). Rows with valid_from/valid_until
    are a season's variant: on a date it covers, it replaces the undated rows of its weekday and kind
    whose times it overlaps.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("正常办公")
        STAGGERED_EARLY = "staggered_early", _("错时服务（提前）")
        STAGGERED_LATE = "staggered_late", _("错时服务（延后）")
        EXTENDED = "extended", _("延时服务")
        HOLIDAY_DUTY = "holiday_duty", _("节假日值班")

    STAGGERED_KINDS = frozenset({Kind.STAGGERED_EARLY, Kind.STAGGERED_LATE})

    centre = models.ForeignKey(ServiceCentre, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField(
        _("星期"), null=True, blank=True,
        choices=[(0, _("周一")), (1, _("周二")), (2, _("周三")), (3, _("周四")), (4, _("周五")),
                 (5, _("周六")), (6, _("周日"))],
        help_text=_("节假日值班时段不填星期，适用于每个法定节假日。"),
    )
    opens = models.TimeField(_("开始"))
    closes = models.TimeField(_("结束"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("开放时间")
        verbose_name_plural = _("开放时间")
        ordering = ["centre", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="opening_period_opens_before_closes"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="opening_period_weekday_range"),
            # holiday duty has no weekday; every other period has one
            models.CheckConstraint(
                condition=(Q(kind="holiday_duty", weekday__isnull=True)
                           | (~Q(kind="holiday_duty") & Q(weekday__isnull=False))),
                name="opening_period_weekday_unless_holiday_duty",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="opening_period_valid_range",
            ),
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display() if self.weekday is not None else self.get_kind_display()
        return f"{day} {self.opens:%H:%M}–{self.closes:%H:%M}"


class CentreClosure(models.Model):
    """Days a centre is closed whatever its hours say (renovation, an election day, a typhoon)."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.CASCADE, related_name="closures",
                               verbose_name=_("服务中心"))
    first_day = models.DateField(_("起始日期"))
    last_day = models.DateField(_("结束日期"))
    reason = models.CharField(_("原因"), max_length=100)

    class Meta:
        verbose_name = _("闭馆")
        verbose_name_plural = _("闭馆")
        ordering = ["centre", "first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(first_day__lte=models.F("last_day")), name="closure_range_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day} {self.reason}"
