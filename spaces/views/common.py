import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.access import role_required

from ..calendar import parse_day
from ..permissions import is_admin, is_staff


def day_param(request) -> datetime.date:
    return parse_day(request.GET.get("date")) or timezone.localdate()


admin_page = role_required(is_admin, message=_("只有社区、街道管理员可以管理场地。"))
staff_page = role_required(is_staff, message=_("只有服务中心工作人员可以查看。"))


def appeal_url(number: str) -> str | None:
    """The appeals app's page for a tracking number, when that app provides one."""
    try:
        return reverse("appeals:detail_by_number", kwargs={"number": number})
    except NoReverseMatch:
        return None
