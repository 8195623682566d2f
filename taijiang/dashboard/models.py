"""Nightly rollups: one number per community, day and metric, for the dashboards' trend lines.

The dashboard owns no domain data; these rows are derived from the apps and can be recomputed at
any time (`rollup_day`, `manage.py rollup_figures`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    APPEALS_SUBMITTED = "appeals_submitted", _("提交诉求")
    APPEALS_CLOSED = "appeals_closed", _("办结诉求")
    APPEALS_CLOSED_ON_TIME = "appeals_closed_on_time", _("按时办结诉求")
    TICKETS_ISSUED = "tickets_issued", _("取号")
    TICKETS_SERVED = "tickets_served", _("办结取号")
    AVG_WAIT_MINUTES = "avg_wait_minutes", _("平均等候（分钟）")
    VISITS_LOGGED = "visits_logged", _("入户走访")
    VISITS_DOORSTEP = "visits_doorstep", _("现场办理")
    BOOKINGS_HELD = "bookings_held", _("场地使用")


class DailyFigure(models.Model):
    community = models.ForeignKey("grid.Community", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("社区"))
    date = models.DateField(_("日期"))
    metric = models.SlugField(_("指标"), max_length=40, choices=Metric.choices)
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("每日指标")
        verbose_name_plural = _("每日指标")
        ordering = ["date", "community", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["community", "date", "metric"], name="daily_figure_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="daily_figure_not_negative"),
        ]
        indexes = [models.Index(fields=["date", "metric"], name="daily_figure_date_metric_idx")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.date} {self.metric}={self.value}"


class RollupDay(models.Model):
    """A local day whose `DailyFigure` rows have been computed (rows are stored only for non-zero
    figures, so a missing row means zero only on a day listed here). The dashboards read rollups for
    these days and count the others live (`selectors.rolled_up`)."""

    date = models.DateField(_("日期"), unique=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("已汇总日期")
        verbose_name_plural = _("已汇总日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}"
