"""Door-knocking visits (敲门行动 / 入户走访)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created
from taijiang.core.uploads import RandomUploadPath

from .registry import Household, Resident


class Visit(Created):
    class Kind(models.TextChoices):
        HOME = "home", _("入户走访")
        PHONE = "phone", _("电话联系")
        OTHER = "other", _("其他方式")

    class Outcome(models.TextChoices):
        MET = "met", _("见到本人")
        NOBODY_HOME = "nobody_home", _("无人在家")
        REFUSED = "refused", _("拒绝走访")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="visits", verbose_name=_("户"))
    # The household's grid, copied from its building when the visit is recorded and kept in step when
    # the household or its building moves (grid.services.registry.follow_household_visits): what every
    # visit list is scoped, filtered and counted by, with (grid, visited_at) in one index instead of
    # joins through the register (docs/performance.md). A grid that a household left no longer sees it.
    grid = models.ForeignKey("grid.Grid", on_delete=models.PROTECT, related_name="+", editable=False,
                             verbose_name=_("网格"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits",
                               verbose_name=_("走访人"))
    visited_at = models.DateTimeField(_("走访时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices, default=Kind.HOME)
    outcome = models.CharField(_("结果"), max_length=15, choices=Outcome.choices, default=Outcome.MET)
    met_residents = models.ManyToManyField(Resident, blank=True, related_name="visits", verbose_name=_("见到的人"))
    # Checklist answers, e.g. {"health": "良好", "wiring": "ok", "gas": "ok", "stairwell": "clutter"}.
    observations = models.JSONField(_("观察情况"), default=dict, blank=True)
    needs = models.TextField(_("诉求与需要"), blank=True)
    actions_taken = models.TextField(_("现场办理"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    photo = models.ImageField(_("照片"), upload_to=RandomUploadPath("visits"), blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Generated on the phone: a draft re-sent after a lost connection is stored once.
    client_uuid = models.UUIDField(_("客户端编号"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_at"]
        indexes = [models.Index(fields=["household", "-visited_at"], name="visit_household_recent_idx"),
                   models.Index(fields=["grid", "-visited_at"], name="visit_grid_recent_idx")]

    def __str__(self) -> str:
        return f"{self.household} {self.visited_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.grid_id is None and self.household_id is not None:
            self.grid_id = self.household.building.grid_id
        super().save(*args, **kwargs)
