"""The access log of revealed personal data: append-only.

Nobody edits or deletes a row through the application: `save()` refuses updates, `delete()`
refuses, the admin grants only view, and a database trigger (migration 0004) raises on UPDATE
(and on DELETE on PostgreSQL).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import NotAllowed

from .registry import Resident


class AccessLog(models.Model):
    class Field(models.TextChoices):
        ID_NUMBER = "id_number", _("身份证号")
        PHONE = "phone", _("联系电话")
        EXPORT = "export", _("完整导出")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("查看人"))
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="access_logs",
                                 verbose_name=_("被查看居民"))
    field = models.CharField(_("字段"), max_length=12, choices=Field.choices)
    reason = models.CharField(_("查看事由"), max_length=200)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="access_log_reason_required")]

    def __str__(self) -> str:
        return f"{self.actor} → {self.resident} {self.field}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise NotAllowed(_("查看记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NotAllowed(_("查看记录不可删除。"))
