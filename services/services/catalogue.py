"""Writes to the catalogue: publishing a version, catalogue change (目录变更) approvals, holidays."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition
from taijiang.workdays.models import CalendarDay

from .. import permissions
from ..models import (
    AdmissionDecision,
    AdmissionProposal,
    ApprovalStep,
    CatalogueVersion,
    ItemLevel,
    ServiceItem,
)

# The catalogue is district-wide: a street's change would change every street's guide.
CATALOGUE_REFUSED = _lazy("事项清单全区通用，只有区级管理员可以修改和发布；街道可通过准入申请新增事项。")


def item_snapshot(item: ServiceItem) -> dict:
    return {
        "code": item.code, "name": item.name, "group": item.group, "level": item.level,
        "accepting_place": str(item.accepting_place), "promised_days": item.promised_days,
        "legal_days": item.legal_days, "fee": str(item.fee), "conditions": item.conditions,
        "legal_basis": item.legal_basis, "online": item.online, "proxy": item.proxy,
        "home_service": item.home_service, "status": item.status,
        "materials": [{"name": m.name, "form": m.form, "copies": m.copies, "note": m.note, "required": m.required}
                      for m in item.materials.all()],
    }


@transaction.atomic
def catalogue_publish(*, actor, note: str = "") -> CatalogueVersion:
    """Drafts become active; the active and suspended list is frozen as a new version."""
    permissions.require(permissions.can_edit_catalogue(actor), CATALOGUE_REFUSED)
    last = CatalogueVersion.objects.aggregate(n=Max("number"))["n"] or 0
    ServiceItem.objects.filter(status=ServiceItem.Status.DRAFT).update(status=ServiceItem.Status.ACTIVE)
    items = list(ServiceItem.objects.exclude(status=ServiceItem.Status.DRAFT).prefetch_related("materials"))
    snapshot = [item_snapshot(item) for item in items]
    ServiceItem.objects.filter(unpublished_changes=True).update(unpublished_changes=False)
    try:
        with transaction.atomic():
            return CatalogueVersion.objects.create(
                number=last + 1, published_by=actor, note=note,
                item_count=sum(1 for s in snapshot if s["status"] == ServiceItem.Status.ACTIVE), snapshot=snapshot,
            )
    except IntegrityError:  # two admins published at the same moment: the unique number decides
        raise Conflict(_("另一位管理员刚刚发布了新版本，请刷新后再试。"))


@transaction.atomic
def item_set_status(*, item: ServiceItem, actor, status: str) -> ServiceItem:
    permissions.require(permissions.can_edit_catalogue(actor), CATALOGUE_REFUSED)
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if status not in (ServiceItem.Status.ACTIVE, ServiceItem.Status.SUSPENDED) or item.status == status:
        raise InvalidTransition(_("事项状态不能这样修改。"))
    item.status = status
    item.unpublished_changes = True
    item.save(update_fields=["status", "unpublished_changes", "updated_at"])
    return item


# --- catalogue change (目录变更申请; "admission" in names only) ---------------------------

def _first_step(after: ApprovalStep | None = None) -> ApprovalStep | None:
    steps = ApprovalStep.objects.filter(is_active=True).order_by("order")
    if after is not None:
        steps = steps.filter(order__gt=after.order)
    return steps.first()


@transaction.atomic
def admission_propose(*, actor, title: str, group: str, description: str, reason: str, legal_basis: str = "",
                      resources: str = "") -> AdmissionProposal:
    permissions.require(permissions.can_propose_admission(actor), _("只有街道管理员可以提出目录变更申请。"))
    first = _first_step()
    if first is None:
        raise DomainError(_("区级尚未配置目录变更审批步骤，暂不能提出申请。"))
    return AdmissionProposal.objects.create(
        street=actor.street, title=title, group=group, description=description, reason=reason,
        legal_basis=legal_basis, resources=resources, proposed_by=actor, next_step=first,
    )


def can_decide(user, proposal: AdmissionProposal) -> bool:
    step = proposal.next_step
    if proposal.status != AdmissionProposal.Status.PENDING or step is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role != step.role:
        return False
    if step.role == "community_admin":
        return user.community is not None and user.community.street_id == proposal.street_id
    if step.role == "street_admin":
        return user.street_id == proposal.street_id and user.pk != proposal.proposed_by_id
    return True


@transaction.atomic
def admission_decide(*, proposal: AdmissionProposal, actor, approved: bool, reason: str) -> AdmissionProposal:
    """Record one step's decision. The task joins the list only after the last step approves."""
    proposal = AdmissionProposal.objects.select_for_update(of=("self",)).select_related("next_step")\
        .get(pk=proposal.pk)
    if proposal.status != AdmissionProposal.Status.PENDING:
        raise InvalidTransition(_("该目录变更申请已办结。"))
    permissions.require(can_decide(actor, proposal), _("当前审批步骤“%(step)s”不由您审批。")
                        % {"step": proposal.next_step.label})
    if not (reason or "").strip():
        raise DomainError(_("请填写审批意见。"), field="reason")
    step = proposal.next_step
    AdmissionDecision.objects.create(proposal=proposal, step=step, approved=approved, reason=reason.strip(),
                                     decided_by=actor)
    now = timezone.now()
    if not approved:
        proposal.status = AdmissionProposal.Status.REFUSED
        proposal.next_step = None
        proposal.decided_at = now
    else:
        proposal.next_step = _first_step(after=step)
        if proposal.next_step is None:
            proposal.status = AdmissionProposal.Status.ADMITTED
            proposal.decided_at = now
            code = f"admitted-{proposal.pk}"
            ServiceItem.objects.create(
                code=code, name=proposal.title, group=proposal.group, level=ItemLevel.COMMUNITY,
                conditions=proposal.description, legal_basis=proposal.legal_basis, admitted_via=proposal,
                status=ServiceItem.Status.DRAFT,
            )
    proposal.save(update_fields=["status", "next_step", "decided_at"])
    return proposal


# --- holiday calendar ------------------------------------------------------------------

CALENDAR_REFUSED = _lazy("节假日日历全区通用，只有区级管理员可以修改。")


@transaction.atomic
def calendar_day_save(*, actor, date, kind: str, name: str) -> CalendarDay:
    permissions.require(permissions.can_edit_calendar(actor), CALENDAR_REFUSED)
    day, _created = CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "name": name})
    return day


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    permissions.require(permissions.can_edit_calendar(actor), CALENDAR_REFUSED)
    day.delete()
