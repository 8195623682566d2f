from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import Channel, register_event

REQUEST_SUBMITTED = register_event("services.request_submitted", title=_("办件 %(number)s 已提交"),
                                   body=_("您申请的“%(item)s”已提交，工作人员将尽快预审。"))
REQUEST_STATUS = register_event("services.request_status", title=_("办件 %(number)s：%(status)s"),
                                body=_("您申请的“%(item)s”当前状态：%(status)s。%(note)s"))
MATERIALS_MISSING = register_event("services.materials_missing", title=_("办件 %(number)s 需要补正材料"),
                                   body=_("您申请的“%(item)s”还缺少以下材料（一次性告知）：%(missing)s。请一次补齐后提交。%(note)s"))
PROXY_ASSIGNED = register_event("services.proxy_assigned", title=_("新的代办任务 %(number)s"),
                                body=_("请为 %(applicant)s 代办“%(item)s”。"))
APPOINTMENT_BOOKED = register_event("services.appointment_booked", title=_("预约成功：%(item)s"),
                                    body=_("您已预约 %(centre)s %(when)s 办理“%(item)s”。到达后请签到取号。"))
APPOINTMENT_REMINDER = register_event("services.appointment_reminder", title=_("预约提醒：%(when)s"),
                                      body=_("您预约了 %(centre)s %(when)s 办理“%(item)s”，请按时到达并签到。"))
APPOINTMENT_CANCELLED = register_event("services.appointment_cancelled", title=_("预约已取消"),
                                       body=_("您 %(when)s 在 %(centre)s 的预约已取消。"), channels=(Channel.SMS,))
TICKET_CALLED = register_event("services.ticket_called", title=_("请到 %(window)s 办理"),
                               body=_("您的号码 %(number)s 已叫号，请到 %(window)s。"), channels=(Channel.SMS,))
TICKET_SOON = register_event("services.ticket_soon", title=_("快到您了：%(number)s"),
                             body=_("您的号码 %(number)s 前面还有 %(ahead)s 人，请留意叫号。"), channels=(Channel.SMS,))
