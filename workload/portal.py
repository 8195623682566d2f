"""Navigation and home cards of the workload app (a few COUNT queries)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, NavItem
from taijiang.users.models import Role

ADMINS = frozenset({Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, "admin"})
DEPARTMENT = frozenset({Role.DEPARTMENT})
OVERVIEW = frozenset({Role.STREET_ADMIN, Role.DISTRICT_ADMIN, "admin"})

NAV_SECTION = "admin"
NAV = [
    NavItem(label=_("准入申请"), url_name="workload:applications", roles=DEPARTMENT, order=10),
    NavItem(label=_("拒绝记录"), url_name="workload:refusals", roles=DEPARTMENT, order=11),
    NavItem(label=_("社区事项清单"), url_name="workload:tasks", roles=ADMINS | DEPARTMENT, order=34),
    NavItem(label=_("去机关化总览"), url_name="workload:overview", roles=OVERVIEW, order=35),
]


def home_cards(user) -> list[HomeCard]:
    if not user.is_authenticated:
        return []
    from . import permissions
    from .models import ApplicationStatus, RefusalStatus
    from .selectors import applications_visible_to, overdue_q, refusals_visible_to

    today = timezone.localdate()
    applications_url = reverse("workload:applications")
    if permissions.is_liaison(user):
        mine = applications_visible_to(user)
        pending = mine.filter(status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.REVIEWED)).count()
        refused_here = refusals_visible_to(user).filter(status=RefusalStatus.REFUSED).count()
        return [
            HomeCard(title=_("我部门审核中的准入申请"), url=applications_url, count=pending, order=10),
            HomeCard(title=_("社区拒绝的未准入事项"), url=reverse("workload:refusals"), count=refused_here,
                     urgent=refused_here > 0, order=11, description=_("请确认撤回")),
        ]
    if permissions.is_street(user):
        waiting = applications_visible_to(user).filter(status=ApplicationStatus.SUBMITTED).count()
        return [HomeCard(title=_("待街道审核的准入申请"), url=applications_url + "?status=submitted", count=waiting,
                         urgent=waiting > 0, order=26)]
    if permissions.is_district(user):
        waiting = applications_visible_to(user).filter(status=ApplicationStatus.REVIEWED).count()
        overdue = applications_visible_to(user).filter(overdue_q(today)).count()
        return [HomeCard(title=_("待区级决定的准入申请"), url=applications_url + "?status=reviewed", count=waiting,
                         urgent=overdue > 0, order=26,
                         description=_("%(n)d 件超过决定期限") % {"n": overdue} if overdue else "")]
    if permissions.is_community(user):
        return [HomeCard(title=_("社区工作事项清单"), url=reverse("workload:tasks") + "?status=in_force", order=40,
                         description=_("未经准入的事项可登记拒绝"))]
    return []
