"""The appeal's status transitions as data (one table, checked by lifecycle.transition)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.workflow import Workflow


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    INFO_REQUESTED = "info_requested", _("待补充信息")
    REPLIED = "replied", _("已答复待评价")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已合并")
    DECLINED = "declined", _("不予受理")


S = Status

APPEAL_FLOW = Workflow({
    # submitted → submitted: escalated or routed to another level, waiting to be accepted there.
    S.SUBMITTED: {S.SUBMITTED, S.ACCEPTED, S.INFO_REQUESTED, S.MERGED, S.DECLINED},
    S.ACCEPTED: {S.SUBMITTED, S.IN_PROGRESS, S.REPLIED, S.INFO_REQUESTED, S.MERGED, S.DECLINED},
    S.IN_PROGRESS: {S.SUBMITTED, S.REPLIED, S.INFO_REQUESTED, S.MERGED, S.DECLINED},
    # The resident added what was asked: back to the queue (submitted) or to the handler (accepted).
    S.INFO_REQUESTED: {S.SUBMITTED, S.ACCEPTED, S.DECLINED, S.MERGED},
    # Confirmed and rated (or auto-closed unrated), or reopened by the resident.
    S.REPLIED: {S.CLOSED, S.IN_PROGRESS},
    S.CLOSED: {S.IN_PROGRESS},
    S.MERGED: set(),
    S.DECLINED: set(),
})

OPEN_STATUSES = (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.INFO_REQUESTED)
RESOLVED_STATUSES = (S.REPLIED, S.CLOSED)
LABELS = dict(Status.choices)
