import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ..permissions import can_view, follows
from ..selectors import appeals_base

NUMBER_RE = re.compile(r"[A-Za-z0-9-]{1,20}")


def is_number(value) -> bool:
    """A plausible tracking number (YSS-20260115-0042): anything else cannot match and must not reach the DB."""
    return bool(NUMBER_RE.fullmatch(str(value or "")))


def visible_appeal_or_404(user, *, allow_followers: bool = False, **lookup):
    """The appeal if `user` may see it (followers of a merged duplicate only where allowed), else 404."""
    if "number" in lookup and not is_number(lookup["number"]):
        raise Http404
    appeal = appeals_base().select_related("registry_resident", "merged_into", "source_visit").filter(**lookup).first()
    if appeal is None:
        raise Http404
    if not can_view(user, appeal) and not (allow_followers and follows(user, appeal)):
        raise Http404
    return appeal


def require_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def require_staff(request):
    if not request.user.is_portal_staff and not request.user.is_superuser:
        raise PermissionDenied(_("此页面仅供工作人员使用。"))
