"""Notification event types of the grid app."""

from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import register_event

EMERGENCY_REPORTED = register_event(
    "grid.emergency_reported", title=_("突发情况：%(household)s"),
    body=_("%(household)s 登记了突发情况（%(note)s），请在 %(hours)s 小时内上门走访。"),
)
EMERGENCY_REMINDER = register_event(
    "grid.emergency_reminder", title=_("突发走访即将超时：%(household)s"),
    body=_("%(household)s 的突发情况走访将于 %(due)s 到期，还没有见到本人的走访记录。"),
)
