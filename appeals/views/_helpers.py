import re

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from taijiang.core.access import role_required

from ..permissions import can_view, follows, is_staff
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


staff_page = role_required(is_staff, message=_("此页面仅供工作人员使用。"))
