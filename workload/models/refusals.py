"""The refusal log: a task a department pushed down without admission, recorded and refused by the community."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created, StatusChange

from .register import Department


class RefusalStatus(models.TextChoices):
    RECORDED = "recorded", _("已登记")
    REFUSED = "refused", _("已拒绝")
    ACKNOWLEDGED = "acknowledged", _("部门已撤回")
    VOIDED = "voided", _("登记作废")


class Channel(models.TextChoices):
    DOCUMENT = "document", _("发文")
    PHONE = "phone", _("电话")
    CHAT = "chat", _("工作群")
    MEETING = "meeting", _("会议布置")
    SYSTEM = "system", _("系统派单")
    CHECK = "check", _("检查考核")
    OTHER = "other", _("其他")


class Refusal(Created):
    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, related_name="workload_refusals",
                                  verbose_name=_("社区"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="refusals",
                                   verbose_name=_("下派部门"))
    what = models.CharField(_("下派事项"), max_length=120)
    details = models.TextField(_("具体情况"), blank=True)
    pushed_on = models.DateField(_("下派日期"))
    channel = models.CharField(_("下派方式"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=12, choices=RefusalStatus.choices,
                              default=RefusalStatus.RECORDED, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    reason = models.TextField(_("拒绝理由"), blank=True)

    class Meta:
        verbose_name = _("拒绝记录")
        verbose_name_plural = _("拒绝记录")
        ordering = ["-pushed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.community} · {self.department} · {self.what}"


class RefusalChange(StatusChange):
    refusal = models.ForeignKey(Refusal, on_delete=models.CASCADE, related_name="changes")
