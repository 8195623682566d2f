"""Ledgers (工作台账): the paper registers each community keeps, before and after the cut."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import StatusChange

from .register import Task


class LedgerStatus(models.TextChoices):
    KEPT = "kept", _("保留")
    ABOLISHED = "abolished", _("取消")
    REPLACED = "replaced", _("由系统数据替代")


class DataSource(models.TextChoices):
    """Where the portal already holds what the ledger recorded by hand."""

    VISITS = "visits", _("走访记录")
    APPEALS = "appeals", _("易说事诉求")
    REQUESTS = "requests", _("办件记录")


class Ledger(models.Model):
    """One ledger of one community. Every row counts "before"; only `kept` ones count "after"."""

    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, related_name="workload_ledgers",
                                  verbose_name=_("社区"))
    name = models.CharField(_("台账名称"), max_length=80)
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="ledgers",
                             verbose_name=_("对应事项"))
    status = models.CharField(_("状态"), max_length=12, choices=LedgerStatus.choices, default=LedgerStatus.KEPT)
    replaced_by = models.CharField(_("数据来源"), max_length=10, choices=DataSource.choices, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工作台账")
        verbose_name_plural = _("工作台账")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="workload_ledger_name_unique"),
            models.CheckConstraint(condition=(Q(status="replaced") & ~Q(replaced_by=""))
                                   | (~Q(status="replaced") & Q(replaced_by="")),
                                   name="workload_replaced_ledger_names_source"),
        ]

    def __str__(self) -> str:
        return f"{self.community} · {self.name}"


class LedgerChange(StatusChange):
    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="changes")
