"""Visit policy: each household's risk tier and next-due date, recomputed from the data.

`refresh_household` is the one place that computes `risk_rank`, `last_visited_at` and
`next_visit_due`; every write that can change them (a visit, tags, a resident's status, an
emergency, a policy edit) calls it inside its own transaction.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import NotAllowed
from taijiang.notifications.services import cancel_notifications

from .. import events
from ..models import Community, Household, Resident, Tag, Visit, VisitPolicy
from ..permissions import can_edit_household, can_edit_policy


def policy_for(community: Community | int) -> VisitPolicy:
    """The community's policy, or an unsaved one with the defaults (weekly / monthly / quarterly)."""
    community_id = community if isinstance(community, int) else community.pk
    policy = VisitPolicy.objects.filter(community_id=community_id).first()
    return policy or VisitPolicy(community_id=community_id, **VisitPolicy.DEFAULTS)


def compute_risk_rank(household: Household) -> int:
    tiers = Tag.objects.filter(residents__household=household, residents__status=Resident.Status.ACTIVE
                               ).values_list("tier", flat=True).distinct()
    return min((Tag.RANK[tier] for tier in tiers), default=3)


def compute_next_due(household: Household, policy: VisitPolicy) -> datetime.date:
    if household.last_visited_at:
        base = timezone.localdate(household.last_visited_at)
    else:
        base = timezone.localdate(household.created_at) if household.created_at else timezone.localdate()
        # Never visited: due from registration onwards.
        return base if not household.emergency_reported_at else min(
            base, timezone.localdate(household.emergency_reported_at
                                     + datetime.timedelta(hours=policy.emergency_hours)))
    due = base + datetime.timedelta(days=policy.period_days(household.risk_rank))
    if household.emergency_reported_at and household.emergency_reported_at > household.last_visited_at:
        due = min(due, timezone.localdate(household.emergency_reported_at
                                          + datetime.timedelta(hours=policy.emergency_hours)))
    return due


def refresh_household(household: Household, *, policy: VisitPolicy | None = None) -> Household:
    """Recompute tier, last visit and next-due date and save them (call inside a transaction)."""
    policy = policy or policy_for(household.building.grid.community_id)
    household.risk_rank = compute_risk_rank(household)
    household.last_visited_at = (Visit.objects.filter(household=household, outcome=Visit.Outcome.MET)
                                 .aggregate(last=Max("visited_at"))["last"])
    if household.emergency_reported_at and household.last_visited_at and \
            household.last_visited_at >= household.emergency_reported_at:
        household.emergency_reported_at = None  # the emergency visit has happened
        cancel_notifications(dedupe_key_prefix=f"grid.emergency:{household.pk}:")
    household.next_visit_due = compute_next_due(household, policy) if household.is_active else None
    household.save(update_fields=["risk_rank", "last_visited_at", "emergency_reported_at", "next_visit_due",
                                  "updated_at"])
    return household


@transaction.atomic
def policy_update(*, community: Community, actor, high_risk_days: int, key_group_days: int, general_days: int,
                  emergency_hours: int, coverage_target_percent: int) -> VisitPolicy:
    """Save a community's policy and recompute every household's next-due date in that community."""
    if not can_edit_policy(actor, community):
        raise NotAllowed(_("只有本社区的管理员可以修改走访频次。"))
    policy, _created = VisitPolicy.objects.select_for_update().get_or_create(community=community)
    policy.high_risk_days = high_risk_days
    policy.key_group_days = key_group_days
    policy.general_days = general_days
    policy.emergency_hours = emergency_hours
    policy.coverage_target_percent = coverage_target_percent
    policy.full_clean()
    policy.save()
    households = Household.objects.filter(building__grid__community=community, is_active=True)
    changed = []
    for household in households.only("pk", "risk_rank", "last_visited_at", "created_at", "emergency_reported_at",
                                     "is_active", "next_visit_due"):
        due = compute_next_due(household, policy)
        if due != household.next_visit_due:
            household.next_visit_due = due
            changed.append(household)
    Household.objects.bulk_update(changed, ["next_visit_due"], batch_size=500)
    return policy


@transaction.atomic
def household_report_emergency(*, household: Household, actor, note: str = "") -> Household:
    """Flag an emergency (fall, illness, fire…): a visit becomes due within the policy's window."""
    if not can_edit_household(actor, household):
        raise NotAllowed(_("您不能为辖区外的住户登记突发情况。"))
    household = Household.objects.select_for_update().select_related("building__grid").get(pk=household.pk)
    household.emergency_reported_at = timezone.now()
    if note:
        household.note = (household.note + "\n" if household.note else "") + \
            f"[{timezone.localtime():%Y-%m-%d %H:%M} 突发] {note}"
        household.save(update_fields=["note"])
    refresh_household(household)
    _notify_workers(household, actor=actor, note=note)
    return household


def _notify_workers(household: Household, *, actor, note: str) -> None:
    """Tell the grid's workers now, and remind them 4 hours before the deadline (cancelled by the
    visit: refresh_household cancels `grid.emergency:<household>:*`)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from taijiang.notifications.services import notify
    from taijiang.users.models import Role

    policy = policy_for(household.building.grid.community_id)
    reported = household.emergency_reported_at
    deadline = reported + datetime.timedelta(hours=policy.emergency_hours)
    remind_at = max(reported, deadline - datetime.timedelta(hours=4))
    stamp = int(reported.timestamp())
    link = reverse("grid:household_detail", args=[household.pk])
    workers = get_user_model().objects.filter(role=Role.GRID_WORKER, grids=household.building.grid_id).distinct()
    context = {"household": str(household), "note": note or "—", "hours": policy.emergency_hours,
               "due": f"{timezone.localtime(deadline):%m-%d %H:%M}"}
    for worker in workers:
        if worker.pk != actor.pk:
            notify(recipient=worker, event=events.EMERGENCY_REPORTED, context=context, link=link,
                   dedupe_key=f"grid.emergency:{household.pk}:{stamp}:{worker.pk}:now")
        notify(recipient=worker, event=events.EMERGENCY_REMINDER, context=context, link=link, send_after=remind_at,
               dedupe_key=f"grid.emergency:{household.pk}:{stamp}:{worker.pk}:reminder")
