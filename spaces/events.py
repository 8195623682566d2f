from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import Channel, register_event

BOOKING_CONFIRMED = register_event("spaces.booking_confirmed", title=_("场地预约已确认"),
                                   body=_("%(room)s，%(when)s，%(title)s。"))
BOOKING_PENDING = register_event("spaces.booking_pending", title=_("场地预约待审核"),
                                 body=_("%(room)s，%(when)s，%(title)s：等待中心审核。"), channels=(Channel.EMAIL,))
BOOKING_REJECTED = register_event("spaces.booking_rejected", title=_("场地预约未通过"),
                                  body=_("%(room)s，%(when)s，%(title)s：%(note)s"))
BOOKING_CANCELLED = register_event("spaces.booking_cancelled", title=_("场地预约已取消"),
                                   body=_("%(room)s，%(when)s，%(title)s：%(note)s"))
BOOKING_RELEASED = register_event("spaces.booking_released", title=_("预约因未签到已释放"),
                                  body=_("%(room)s，%(when)s：开始后未签到，场地已释放，计为一次未到场。"))
BOOKING_REMINDER = register_event("spaces.booking_reminder", title=_("场地预约提醒"),
                                  body=_("%(room)s，%(when)s 开始：%(title)s。"))
SIGNUP_CONFIRMED = register_event("spaces.signup_confirmed", title=_("活动报名成功"), body=_("%(title)s，%(when)s，%(room)s。"))
SIGNUP_WAITLISTED = register_event("spaces.signup_waitlisted", title=_("活动已满，您在候补名单中"),
                                   body=_("%(title)s，%(when)s：有人取消时将按顺序递补并通知您。"), channels=(Channel.EMAIL,))
SIGNUP_PROMOTED = register_event("spaces.signup_promoted", title=_("候补成功，您已获得活动名额"),
                                 body=_("%(title)s，%(when)s，%(room)s。"))
ACTIVITY_REMINDER = register_event("spaces.activity_reminder", title=_("活动提醒"), body=_("%(title)s，%(when)s 在%(room)s开始。"))
ACTIVITY_CANCELLED = register_event("spaces.activity_cancelled", title=_("活动已取消"), body=_("%(title)s，%(when)s：%(note)s"))
