from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import Channel, register_event

# Office work: in-app and e-mail, never SMS.
MONTHLY_REPORT = register_event(
    "dashboard.monthly_report", title=_("%(month)s 工作月报已生成"),
    body=_("%(place)s %(month)s 的工作月报（易说事、一窗服务、网格走访、服务空间和三去一增）已生成，可在线查看或下载 PDF。"),
    channels=(Channel.EMAIL,))
