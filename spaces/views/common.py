import datetime

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from taijiang.core.exceptions import DomainError

from ..permissions import is_admin


def add_error(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def day_param(request) -> datetime.date:
    return parse_date(request.GET.get("date") or "") or timezone.localdate()


def require_admin_page(request) -> None:
    if not is_admin(request.user):
        raise PermissionDenied(_("只有社区、街道管理员可以管理场地。"))


def appeal_url(number: str) -> str | None:
    """The appeals app's page for a tracking number, when that app provides one."""
    try:
        return reverse("appeals:detail_by_number", kwargs={"number": number})
    except NoReverseMatch:
        return None
