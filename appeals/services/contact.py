"""Revealing an appeal's full contact phone: permission, reason, and an append-only log row.

The same rules as the register's reveal (grid.services.access): masked everywhere by default;
the full number only for someone who must call back, with a reason, logged.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import NotAllowed

from ..models import Appeal, ContactAccessLog
from ..permissions import can_handle


@transaction.atomic
def reveal_contact_phone(*, actor, appeal: Appeal, reason: str, ip_address: str | None = None) -> str:
    """Return the full contact phone of an appeal and log who saw it, when and why."""
    if not can_handle(actor, appeal):
        raise NotAllowed(_("只有当前承办该诉求的工作人员可以查看完整联系电话。"))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("请填写查看事由（至少 2 个字）。")})
    if not appeal.contact_phone:
        # Nothing to see: no log row that claims someone saw a value.
        raise ValidationError({"reason": _("该诉求没有登记联系电话。")})
    ContactAccessLog.objects.create(actor=actor, appeal=appeal, reason=reason[:200], ip_address=ip_address)
    return appeal.contact_phone
