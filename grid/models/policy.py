"""Visit policy: how often each tier of household is visited, per community (defaults from DOMAIN.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .territory import Community


class VisitPolicy(models.Model):
    DEFAULTS = {"high_risk_days": 7, "key_group_days": 30, "general_days": 90, "emergency_hours": 24,
                "coverage_target_percent": 90}

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="visit_policy",
                                     verbose_name=_("社区"))
    high_risk_days = models.PositiveSmallIntegerField(_("高风险户走访周期（天）"), default=7)
    key_group_days = models.PositiveSmallIntegerField(_("重点人群户走访周期（天）"), default=30)
    general_days = models.PositiveSmallIntegerField(_("一般户走访周期（天）"), default=90)
    emergency_hours = models.PositiveSmallIntegerField(_("突发情况后走访时限（小时）"), default=24)
    coverage_target_percent = models.PositiveSmallIntegerField(_("走访覆盖率目标（%）"), default=90)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("走访频次规则")
        verbose_name_plural = _("走访频次规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(high_risk_days__gte=1, key_group_days__gte=1, general_days__gte=1, emergency_hours__gte=1),
                name="visit_policy_periods_positive",
            ),
            models.CheckConstraint(condition=Q(coverage_target_percent__lte=100), name="visit_policy_target_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.high_risk_days}/{self.key_group_days}/{self.general_days}"

    def period_days(self, risk_rank: int) -> int:
        return {1: self.high_risk_days, 2: self.key_group_days}.get(risk_rank, self.general_days)
