"""The periodic sweeps: missed deadlines (each acted on exactly once) and auto-closing."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import events
from ..conf import auto_close_days
from ..models import Appeal, AppealEvent, DeadlineBreach, Level
from ..workflow import Status
from . import notices
from .lifecycle import appeal_escalate, appeal_record_event, appeal_transition, lock_appeal
from .route import next_level

logger = logging.getLogger(__name__)

Kind = DeadlineBreach.Kind
# Which deadline applies in which status (info_requested waits for the resident: no clock).
WATCHED = {
    Kind.ACCEPT: ("accept_due", (Status.SUBMITTED,)),
    Kind.REPLY: ("reply_due", (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)),
    Kind.RESOLVE: ("resolve_due", (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)),
}


def _due_candidates(now):
    for kind, (field, statuses) in WATCHED.items():
        qs = Appeal.objects.filter(status__in=statuses, **{f"{field}__lte": now})
        if kind == Kind.REPLY:
            qs = qs.filter(first_reply_at__isnull=True)
        qs = qs.exclude(Exists(DeadlineBreach.objects.filter(appeal=OuterRef("pk"), kind=kind, level=OuterRef("level"),
                                                             due_at=OuterRef(field))))
        for pk in qs.values_list("pk", flat=True).order_by("pk")[:500]:
            yield pk, kind


def act_on_breach(*, appeal_id: int, kind: str, now=None) -> bool:
    """Record one missed deadline and act on it; False when it was already recorded (or no longer due)."""
    now = now or timezone.now()
    field, statuses = WATCHED[kind]
    with transaction.atomic():
        appeal = lock_appeal(Appeal(pk=appeal_id))
        due = getattr(appeal, field)
        if appeal.status not in statuses or due is None or due > now:
            return False
        if kind == Kind.REPLY and appeal.first_reply_at is not None:
            return False
        try:
            with transaction.atomic():
                breach = DeadlineBreach.objects.create(appeal=appeal, level=appeal.level, kind=kind, due_at=due)
        except IntegrityError:
            return False  # another sweep got there first
        label = Kind(kind).label
        appeal.is_overdue = True
        appeal.save(update_fields=["is_overdue", "updated_at"])
        text = _("%(holder)s%(kind)s（期限 %(due)s）。") % {"holder": appeal.holder_unit, "kind": label,
                                                         "due": notices.due_text(due)}
        appeal_record_event(appeal, actor=None, kind=AppealEvent.Kind.BREACH, public=False, text=text)
        context = {"kind": str(label), "due": notices.due_text(due)}
        notices.tell_holders(appeal, events.BREACH, **context)
        upper = next_level(appeal)
        escalates = appeal.category is not None and appeal.category.escalate_on_breach and kind != Kind.REPLY
        if upper is not None and escalates:
            breach.escalated = True
            breach.save(update_fields=["escalated"])
            appeal_escalate(appeal=appeal, actor=None, system=True,
                     reason=_("%(kind)s，系统自动上报。") % {"kind": label})
        elif upper is not None:
            notices.tell_holders(appeal, events.BREACH, level=upper, **context)
        return True


def sweep_deadlines(*, now=None) -> int:
    """Act on every missed deadline not yet recorded. Safe to run twice, or in two workers."""
    now = now or timezone.now()
    acted = 0
    for appeal_id, kind in list(_due_candidates(now)):
        try:
            acted += act_on_breach(appeal_id=appeal_id, kind=kind, now=now)
        except Exception:  # one broken row must not stop the sweep for the others
            logger.exception("deadline sweep failed for appeal %s (%s)", appeal_id, kind)
    return acted


def auto_close_unrated(*, now=None) -> int:
    """Replied appeals left without a rating for N days close as unrated."""
    now = now or timezone.now()
    days = auto_close_days()
    cutoff = now - datetime.timedelta(days=days)
    closed = 0
    for pk in Appeal.objects.filter(status=Status.REPLIED, resolved_at__lte=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            appeal = lock_appeal(Appeal(pk=pk))
            if appeal.status != Status.REPLIED or appeal.resolved_at > cutoff:
                continue
            appeal.closed_at, appeal.closed_unrated = now, True
            appeal_transition(appeal=appeal, target=Status.CLOSED, actor=None,
                              text=_("答复后 %(days)d 天未评价，自动办结（未评价）。") % {"days": days})
            notices.tell_resident(appeal, events.AUTO_CLOSED, days=days)
            closed += 1
    return closed


__all__ = ["Level", "act_on_breach", "auto_close_unrated", "sweep_deadlines"]
