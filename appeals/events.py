from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import Channel, register_event

SUBMITTED = register_event(
    "appeals.submitted", title=_("诉求 %(number)s 已提交"),
    body=_("您的诉求已收到，受理编号 %(number)s，由%(holder)s处理。可随时在“我的诉求”中查看进度。"))
ASSIGNED = register_event(
    "appeals.assigned", title=_("新诉求 %(number)s 待受理"),
    body=_("%(category)s：%(summary)s（请于 %(due)s 前受理）"), channels=(Channel.SMS,))
ESCALATED = register_event(
    "appeals.escalated", title=_("诉求 %(number)s 已上报至%(holder)s"),
    body=_("诉求 %(number)s 已由下级上报，请于 %(due)s 前受理。原因：%(reason)s"), channels=(Channel.SMS,))
REPLIED = register_event(
    "appeals.replied", title=_("诉求 %(number)s 有新答复"),
    body=_("%(holder)s答复：%(text)s"))
INFO_REQUESTED = register_event(
    "appeals.info_requested", title=_("诉求 %(number)s 需要补充信息"),
    body=_("%(holder)s请您补充：%(text)s"))
CLOSED = register_event(
    "appeals.closed", title=_("诉求 %(number)s 已办结"),
    body=_("您的诉求 %(number)s 已办结。%(text)s"))
AUTO_CLOSED = register_event(
    "appeals.auto_closed", title=_("诉求 %(number)s 已自动办结"),
    body=_("诉求 %(number)s 答复后 %(days)s 天内未评价，已自动办结（记为未评价）。"), channels=())
DECLINED = register_event(
    "appeals.declined", title=_("诉求 %(number)s 不予受理"),
    body=_("理由：%(text)s"))
MERGED = register_event(
    "appeals.merged", title=_("诉求 %(number)s 已与 %(main)s 合并办理"),
    body=_("您反映的问题与诉求 %(main)s 相同，将一并办理，请在 %(main)s 中查看进度。"))
BREACH = register_event(
    "appeals.breach", title=_("诉求 %(number)s %(kind)s"),
    body=_("诉求 %(number)s（%(holder)s）已超过期限 %(due)s：%(kind)s。"), channels=(Channel.SMS,))

# To residents who have no account (filed for them at the window, on the phone or at the door): the
# answer goes to the register's or the caller's mobile number by SMS.
REPLIED_BY_SMS = register_event(
    "appeals.replied_sms", title=_("诉求 %(number)s 答复"),
    body=_("您反映的问题（编号 %(number)s），%(holder)s答复：%(text)s 如有疑问请联系社区。"),
    channels=(Channel.SMS,), to_number=True)
DECLINED_BY_SMS = register_event(
    "appeals.declined_sms", title=_("诉求 %(number)s 不予受理"),
    body=_("您反映的问题（编号 %(number)s）不予受理，理由：%(text)s 如有疑问请联系社区。"),
    channels=(Channel.SMS,), to_number=True)
