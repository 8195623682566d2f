"""Life events of residents (moved in or out, born, died, lost contact): the register's history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created

from .registry import Resident


class ResidentEvent(Created):
    class Kind(models.TextChoices):
        MOVED_IN = "moved_in", _("入住")
        MOVED_OUT = "moved_out", _("迁出")
        BORN = "born", _("出生")
        DIED = "died", _("死亡")
        LOST_CONTACT = "lost_contact", _("失联")
        RETURNED = "returned", _("恢复在册")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="events", verbose_name=_("居民"))
    kind = models.CharField(_("事件"), max_length=15, choices=Kind.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("登记人"))

    class Meta:
        verbose_name = _("人员变动")
        verbose_name_plural = _("人员变动")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.resident} {self.get_kind_display()} {self.date}"
