import datetime
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..calendar import parse_day
from ..permissions import is_admin, is_staff


def day_param(request) -> datetime.date:
    return parse_day(request.GET.get("date")) or timezone.localdate()


def _role_required(test, message):
    """Log in first; then the wrong role gets the shared 403 page with `message` as the reason."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


admin_page = _role_required(is_admin, _("只有社区、街道管理员可以管理场地。"))
staff_page = _role_required(is_staff, _("只有服务中心工作人员可以查看。"))


def appeal_url(number: str) -> str | None:
    """The appeals app's page for a tracking number, when that app provides one."""
    try:
        return reverse("appeals:detail_by_number", kwargs={"number": number})
    except NoReverseMatch:
        return None
