"""Keys for outside systems (a city hotline…) filing appeals through Open311."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(Created):
    """Only the SHA-256 of a key is stored; the key itself is shown once when it is issued.

    A key belongs to a territory like every other admin-managed object: a street's key is
    managed by that street's admins (and the district's); a key without a street is district-wide
    and only district admins manage it. Keys issued before territories existed are district-wide.
    """

    system_name = models.CharField(_("外部系统"), max_length=60, unique=True)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    street = models.ForeignKey("grid.Street", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("所属街道"), help_text=_("留空表示全区通用，只有区级管理员可以管理。"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 接口密钥")
        verbose_name_plural = _("Open311 接口密钥")
        ordering = ["system_name"]

    def __str__(self) -> str:
        return self.system_name

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)

    def set_key(self, raw: str) -> None:
        self.prefix = raw[:8]
        self.key_hash = hash_key(raw)
