"""A pending spreadsheet import: the uploaded file, the column mapping and the dry-run report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created
from taijiang.core.uploads import RandomUploadPath

from .territory import Community


class ImportBatch(Created):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("待映射")
        CHECKED = "checked", _("已试导入")
        APPLIED = "applied", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="import_batches",
                                  verbose_name=_("社区"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    file = models.FileField(_("文件"), upload_to=RandomUploadPath("imports"))
    original_name = models.CharField(_("原文件名"), max_length=200)
    headers = models.JSONField(_("表头"), default=list)
    mapping = models.JSONField(_("列映射"), default=dict, blank=True)  # target field -> column header
    report = models.JSONField(_("试导入报告"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
