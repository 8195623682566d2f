"""Revealing protected personal data: permission, reason, and an append-only log row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import NotAllowed

from ..models import AccessLog, Resident
from ..permissions import can_export_full, can_reveal

REVEALABLE = {AccessLog.Field.ID_NUMBER: "id_number", AccessLog.Field.PHONE: "phone"}


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("请填写查看事由（至少 2 个字）。")})
    return reason[:200]


@transaction.atomic
def reveal_personal_field(*, actor, resident: Resident, field: str, reason: str, ip_address: str | None = None) -> str:
    """Return the full ID number or phone of a resident and log who saw it, when and why."""
    if field not in REVEALABLE:
        raise ValidationError({"field": _("只能查看身份证号或联系电话。")})
    if not can_reveal(actor, resident):
        raise NotAllowed(_("只有该居民所在网格的网格员和本社区管理员可以查看完整信息。"))
    reason = _clean_reason(reason)
    value = getattr(resident, REVEALABLE[field])
    if not value:
        # Nothing to see: no log row that claims someone saw a value.
        raise ValidationError({"reason": _("该居民没有登记这一项，无需查看。")})
    AccessLog.objects.create(actor=actor, resident=resident, field=field, reason=reason, ip_address=ip_address)
    return value


def log_full_export(*, actor, residents, reason: str, ip_address: str | None = None) -> int:
    """Log a full-value export: one row per resident exported. Call inside the export's transaction."""
    if not can_export_full(actor):
        raise NotAllowed(_("您没有导出完整个人信息的权限。"))
    reason = _clean_reason(reason)
    rows = [AccessLog(actor=actor, resident=r, field=AccessLog.Field.EXPORT, reason=reason, ip_address=ip_address)
            for r in residents]
    AccessLog.objects.bulk_create(rows, batch_size=500)
    return len(rows)
