"""Reads shared by pages, the API, the home cards and the dashboards (related rows decided here once)."""

import datetime

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from grid.models import Community
from taijiang.users.scope import scope_for

from . import permissions
from .models import (
    PENDING_STATUSES,
    Application,
    ApplicationStatus,
    Disposition,
    Ledger,
    LedgerStatus,
    ListVersion,
    Refusal,
    RefusalStatus,
    Task,
    TaskList,
)

CARRIED_LISTS = (TaskList.DUTY, TaskList.ASSISTING)


# --- the register ----------------------------------------------------------------------

def tasks_base() -> QuerySet:
    return Task.objects.select_related("department", "merged_into").prefetch_related("communities")


def tasks_visible_to(user) -> QuerySet:
    """District-wide tasks for everyone with access; community-specific ones within the user's territory."""
    if not permissions.can_see_register(user):
        return Task.objects.none()
    qs = tasks_base()
    scope = scope_for(user)
    if scope.is_district or scope.is_empty:  # district admins and department liaisons see the register
        return qs
    specific = Task.communities.through.objects.filter(task_id=OuterRef("pk"))
    mine = specific.filter(scope.q(community="community"))
    return qs.filter(~Exists(specific) | Exists(mine))


def applies_to(community) -> Q:
    """Tasks that apply to `community` (a Community or its id): district-wide ones (no community
    listed) and those listing it."""
    through = Task.communities.through.objects.filter(task_id=OuterRef("pk"))
    return ~Q(Exists(through)) | Q(Exists(through.filter(community_id=getattr(community, "pk", community))))


def in_force_q(day: datetime.date) -> Q:
    return (Q(disposition=Disposition.KEPT, task_list__in=CARRIED_LISTS, in_force_from__lte=day)
            & (Q(in_force_until__isnull=True) | Q(in_force_until__gt=day)))


def task_status_q(status: str, day: datetime.date) -> Q | None:
    """The API/page `status` filter: in_force, upcoming (admitted, starts later), ended; None if unknown."""
    if status == "in_force":
        return in_force_q(day)
    if status == "upcoming":
        return Q(disposition=Disposition.KEPT, in_force_from__gt=day)
    if status == "ended":
        return ~Q(disposition=Disposition.KEPT) | Q(in_force_until__lte=day)
    return None


def tasks_in_force(community, day: datetime.date) -> QuerySet:
    return Task.objects.filter(in_force_q(day)).filter(applies_to(community))


def list_tasks(community, day: datetime.date) -> QuerySet:
    """What a published list holds: the tasks carried on `day` plus the negative list (tasks taken off
    communities that must not come back: district-wide or naming the community)."""
    order = Case(*(When(task_list=value, then=Value(n)) for n, value in enumerate(TaskList.values)))
    qs = Task.objects.select_related("department").order_by(order, "code")
    negative = Q(task_list=TaskList.NEGATIVE)
    if community is None:
        through = Task.communities.through.objects.filter(task_id=OuterRef("pk"))
        return qs.filter((in_force_q(day) | negative) & ~Q(Exists(through)))
    return qs.filter((in_force_q(day) | negative) & applies_to(community))


def list_versions_visible_to(user) -> QuerySet:
    if not permissions.can_see_register(user):
        return ListVersion.objects.none()
    qs = ListVersion.objects.select_related("community", "published_by")
    scope = scope_for(user)
    if scope.is_district or scope.is_empty:
        return qs
    return qs.filter(Q(community__isnull=True) | scope.q(community="community"))


# --- admission -------------------------------------------------------------------------

def applications_base() -> QuerySet:
    return Application.objects.select_related("department", "filed_by", "decided_by", "task")


def applications_visible_to(user) -> QuerySet:
    """District: all. Street/community admins: those concerning their territory (or every community).
    A department liaison: its own department's only."""
    qs = applications_base()
    department = permissions.department_of(user)
    if department is not None:
        return qs.filter(department=department)
    if permissions.is_district(user):
        return qs
    if not (permissions.is_street(user) or permissions.is_community(user)):
        return qs.none()
    through = Application.communities.through.objects.filter(application_id=OuterRef("pk"))
    mine = through.filter(scope_for(user).q(community="community"))
    return qs.filter(~Q(Exists(through)) | Q(Exists(mine)))


def overdue_q(day: datetime.date) -> Q:
    return Q(status__in=PENDING_STATUSES, decision_due__lt=day)


# --- refusals and ledgers --------------------------------------------------------------

def refusals_visible_to(user) -> QuerySet:
    qs = Refusal.objects.select_related("community__street", "department", "recorded_by")
    department = permissions.department_of(user)
    if department is not None:
        return qs.filter(department=department)
    if not (permissions.is_district(user) or permissions.is_street(user) or permissions.is_community(user)):
        return qs.none()
    return scope_for(user).filter(qs, community="community")


def ledgers_visible_to(user) -> QuerySet:
    if not (permissions.is_district(user) or permissions.is_street(user) or permissions.is_community(user)):
        return Ledger.objects.none()
    return scope_for(user).filter(Ledger.objects.select_related("community", "task"), community="community")


def communities_of(user) -> QuerySet:
    """The communities whose figures, ledgers and lists the user may see."""
    if permissions.is_district(user) or permissions.is_street(user) or permissions.is_community(user):
        return scope_for(user).communities.order_by("street__code", "code")
    return Community.objects.none()


# --- figures for the dashboards ---------------------------------------------------------

def figures(*, communities, day: datetime.date, month: datetime.date | None = None, user=None) -> dict:
    """The reform's numbers for `communities` on `day`, in a fixed number of queries.

    tasks: per community, tasks in force by list, against the 145 baseline; baseline: the 145
    by disposition; applications: pending / admitted / refused (+ overdue); refusals by status;
    ledgers before/after per community; time: the time-in-grid share per community for `month`.
    """
    from .timeshare import time_in_grid

    communities = list(communities)
    ids = [c.pk for c in communities]
    from .conf import BASELINE_TOTAL

    baseline = dict(Task.objects.filter(baseline_number__isnull=False).values_list("disposition")
                    .annotate(n=Count("pk")).values_list("disposition", "n"))
    # District-wide tasks in force count once for every community; community-specific ones add per row.
    general = dict(Task.objects.filter(in_force_q(day), communities__isnull=True).values_list("task_list")
                   .annotate(n=Count("pk")).values_list("task_list", "n"))
    specific = {}
    for community_id, task_list, n in (Task.communities.through.objects
                                       .filter(community_id__in=ids, task__in=Task.objects.filter(in_force_q(day)))
                                       .values_list("community_id", "task__task_list").annotate(n=Count("pk"))
                                       .values_list("community_id", "task__task_list", "n")):
        specific[(community_id, task_list)] = n
    ledgers = {}
    for community_id, status, n in (Ledger.objects.filter(community_id__in=ids).values_list("community_id", "status")
                                    .annotate(n=Count("pk")).values_list("community_id", "status", "n")):
        ledgers.setdefault(community_id, {})[status] = n
    times = time_in_grid(communities=communities, month=month or day.replace(day=1))
    rows = []
    for community in communities:
        duty = general.get(TaskList.DUTY, 0) + specific.get((community.pk, TaskList.DUTY), 0)
        assisting = general.get(TaskList.ASSISTING, 0) + specific.get((community.pk, TaskList.ASSISTING), 0)
        counts = ledgers.get(community.pk, {})
        rows.append({
            "community": community, "duty": duty, "assisting": assisting, "in_force": duty + assisting,
            "baseline": BASELINE_TOTAL, "cut": BASELINE_TOTAL - (duty + assisting),
            "ledgers_before": sum(counts.values()), "ledgers_after": counts.get(LedgerStatus.KEPT, 0),
            "ledgers_replaced": counts.get(LedgerStatus.REPLACED, 0), "time": times.get(community.pk),
        })
    apps = applications_visible_to(user) if user is not None else Application.objects.all()
    app_counts = apps.aggregate(
        pending=Count("pk", filter=Q(status__in=PENDING_STATUSES)),
        admitted=Count("pk", filter=Q(status=ApplicationStatus.ADMITTED)),
        refused=Count("pk", filter=Q(status=ApplicationStatus.REFUSED)),
        overdue=Count("pk", filter=overdue_q(day)),
    )
    refusals = Refusal.objects.filter(community_id__in=ids)
    refusal_counts = refusals.aggregate(
        total=Count("pk", filter=~Q(status=RefusalStatus.VOIDED)),
        open=Count("pk", filter=Q(status__in=(RefusalStatus.RECORDED, RefusalStatus.REFUSED))),
    )
    return {
        "day": day, "baseline_total": BASELINE_TOTAL,
        "baseline": {value: baseline.get(value, 0) for value in Disposition.values},
        "district_in_force": {value: general.get(value, 0) for value in CARRIED_LISTS},
        "rows": rows, "applications": app_counts, "refusals": refusal_counts,
        "ledgers": {"before": sum(r["ledgers_before"] for r in rows), "after": sum(r["ledgers_after"] for r in rows),
                    "replaced": sum(r["ledgers_replaced"] for r in rows)},
    }
