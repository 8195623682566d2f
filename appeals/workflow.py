"""The appeal's status transitions as data: the table, and where each named action may start from.

lifecycle.appeal_transition checks the table; an action checks its sources first (check_action).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from taijiang.core.workflow import Step, Workflow


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

OPEN_STATUSES = (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.INFO_REQUESTED)

APPEAL_FLOW = Workflow(Status, {
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
}, actions={
    # Several actions lead to the same status; what tells them apart is where they may start.
    "accept": Step({S.SUBMITTED}, _("受理")),
    "start": Step({S.ACCEPTED}, _("开始办理")),
    "add_info": Step({S.INFO_REQUESTED}, _("补充信息")),
    "reply": Step({S.ACCEPTED, S.IN_PROGRESS}, refusal=_("诉求受理后才能答复（当前：%(status)s）。")),
    "rate": Step({S.REPLIED}, refusal=_("诉求答复后才能评价。")),
    "reopen": Step({S.REPLIED, S.CLOSED}, refusal=_("只有已答复或已办结的诉求可以申请重新办理。")),
    "change_category": Step(OPEN_STATUSES, refusal=_("诉求已答复或办结，不能再调整分类。")),
})

RESOLVED_STATUSES = (S.REPLIED, S.CLOSED)
