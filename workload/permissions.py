"""Who may do what in the task register, admission, refusals and ledgers. Deny by default.

Territory comes from `scope_for` (community admins: their community; street admins: their
street; district admins: everything). A department liaison has no territory: it sees the
register, and only its own department's applications and the refusals about it.
"""

from django.utils.translation import gettext as _

from taijiang.core.exceptions import NotAllowed
from taijiang.users.models import Role
from taijiang.users.scope import Level, scope_for

from .models import DepartmentMember


def department_of(user):
    """The liaison's department (cached on the user for the request), or None."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.DEPARTMENT:
        return None
    if not hasattr(user, "_workload_department"):
        member = DepartmentMember.objects.select_related("department").filter(user=user).first()
        user._workload_department = member.department if member and member.department.is_active else None
    return user._workload_department


def is_liaison(user) -> bool:
    return department_of(user) is not None


def is_district(user) -> bool:
    return getattr(user, "is_authenticated", False) and (user.is_superuser or user.role == Role.DISTRICT_ADMIN)


def is_street(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.STREET_ADMIN and bool(user.street_id)


def is_community(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.COMMUNITY_ADMIN and bool(user.community_id)


def can_see_register(user) -> bool:
    return is_district(user) or is_street(user) or is_community(user) or is_liaison(user)


def can_see_overview(user) -> bool:
    return is_district(user) or is_street(user)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def require_register(user) -> None:
    require(can_see_register(user), _("社区工作事项清单仅向社区、街道、区级管理员和区职能部门开放。"))


# --- admission -------------------------------------------------------------------------

def require_file(user) -> None:
    require(is_liaison(user), _("只有区职能部门联络员可以提出准入申请。"))


def require_review(user, application) -> None:
    require(is_street(user), _("只有街道管理员可以审核准入申请。"))
    require(concerns_street(application, user.street_id), _("该申请不涉及您所在的街道。"))


def concerns_street(application, street_id) -> bool:
    communities = list(application.communities.all())
    return not communities or any(c.street_id == street_id for c in communities)


def require_decide(user) -> None:
    require(is_district(user), _("只有区级管理员可以作出准入决定。"))


def require_withdraw(user, application) -> None:
    """Before the decision only the filing department withdraws; an admitted task is taken off by either."""
    own = department_of(user) is not None and department_of(user).pk == application.department_id
    require(own or (is_district(user) and not application.is_pending),
            _("只有申请部门可以撤回申请，已准入事项由申请部门或区级管理员办理退出。"))


# --- refusals --------------------------------------------------------------------------

def require_record_refusal(user, community) -> None:
    require(is_community(user), _("只有社区管理员可以登记拒绝记录。"))
    require(community is not None and community.pk == user.community_id, _("只能为本社区登记。"))


def require_acknowledge(user, refusal) -> None:
    department = department_of(user)
    require(department is not None and department.pk == refusal.department_id,
            _("只有被拒绝的部门可以确认撤回。"))


# --- ledgers and lists -----------------------------------------------------------------

def can_manage_community(user, community) -> bool:
    if not (is_district(user) or is_street(user) or is_community(user)):
        return False
    return scope_for(user).covers(community)


def require_manage_ledgers(user, community) -> None:
    require(can_manage_community(user, community), _("只能管理本辖区社区的台账。"))


def require_publish(user, community) -> None:
    if community is None:
        require(is_district(user), _("只有区级管理员可以发布全区清单。"))
        return
    require(is_district(user) or (is_street(user) and scope_for(user).level == Level.STREET
                                   and community.street_id == user.street_id),
            _("社区清单由所在街道或区级管理员发布。"))


def require_task_edit(user) -> None:
    require(is_district(user), _("只有区级管理员可以调整事项处置。"))
