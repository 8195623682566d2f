from django.urls import reverse
from django.utils.translation import gettext as _

from taijiang.core.portal import HomeCard

from .models import Delivery
from .permissions import can_manage_deliveries
from .selectors import deliveries_in_scope


def home_cards(user) -> list[HomeCard]:
    if not can_manage_deliveries(user):
        return []
    failed = deliveries_in_scope(user).filter(status=Delivery.Status.FAILED).count()
    if not failed:
        return []
    return [HomeCard(title=_("发送失败的通知"), url=reverse("notifications:problems"), count=failed, urgent=True,
                     description=_("短信或邮件多次发送失败，请核对后重试。"), order=80)]
