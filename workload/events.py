from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import Channel, register_event

# Office work between departments, streets and the district: in-app and e-mail, never SMS.
OFFICE = (Channel.EMAIL,)

APPLICATION_FILED = register_event("workload.application_filed", title=_("新的准入申请待审核"),
                                   body=_("%(department)s申请下沉“%(title)s”，拟于 %(start)s 开始，区级应于 %(due)s 前决定。"),
                                   channels=OFFICE)
APPLICATION_REVIEWED = register_event("workload.application_reviewed", title=_("准入申请已有街道意见"),
                                      body=_("%(street)s对“%(title)s”的意见：%(opinion)s"), channels=OFFICE)
APPLICATION_DECIDED = register_event("workload.application_decided", title=_("准入申请已决定：%(status)s"),
                                     body=_("“%(title)s”：%(reason)s"), channels=OFFICE)
APPLICATION_WITHDRAWN = register_event("workload.application_withdrawn", title=_("准入事项已撤回或退出"),
                                       body=_("“%(title)s”：%(reason)s"), channels=OFFICE)
REFUSAL_RECORDED = register_event("workload.refusal_recorded", title=_("社区拒绝了未经准入的事项"),
                                  body=_("%(community)s拒绝承接%(department)s下派的“%(what)s”（%(channel)s，%(pushed_on)s）：%(reason)s"),
                                  channels=OFFICE)
