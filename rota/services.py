"""Rota writes: opening hours, workers and leave, generate, edit, publish, swap requests.

Each function is keyword-only, checks permission and state, and runs in one transaction. The
generator's solve runs before the transaction opens: it only reads, and holding a write lock for
up to 30 seconds of solving would stall every other writer on SQLite.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from grid.models import CentreClosure, Community, OpeningPeriod, ServiceCentre
from taijiang.core.exceptions import Conflict, DomainError
from taijiang.notifications.services import notify
from taijiang.users.models import Role

from . import events
from .models import (
    Absence,
    FeedToken,
    Rota,
    RotaChange,
    RotaPolicy,
    RotaStatus,
    Shift,
    ShiftKind,
    SwapChange,
    SwapRequest,
    SwapStatus,
    Worker,
)
from .months import month_bounds
from .permissions import MANAGE_REFUSED, can_manage_community, require
from .workflow import ROTA_FLOW, SWAP_FLOW

WORKER_ROLES = (Role.WINDOW_STAFF, Role.GRID_WORKER, Role.COMMUNITY_ADMIN)


def _centre_of(community: Community) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(community=community).first()
    if centre is None:
        raise DomainError(_("%(community)s 没有党群服务中心。") % {"community": community})
    return centre


# --- opening hours ------------------------------------------------------------------------

def _check_period(*, kind, weekday, opens, closes, valid_from, valid_until) -> None:
    if opens >= closes:
        raise DomainError(_("结束时间须晚于开始时间。"), field="closes")
    if kind == OpeningPeriod.Kind.HOLIDAY_DUTY and weekday is not None:
        raise DomainError(_("节假日值班时段不填星期，适用于每个法定节假日。"), field="weekday")
    if kind != OpeningPeriod.Kind.HOLIDAY_DUTY and weekday is None:
        raise DomainError(_("请选择星期。"), field="weekday")
    if valid_from and valid_until and valid_from > valid_until:
        raise DomainError(_("截止日期不能早于生效日期。"), field="valid_until")


@transaction.atomic
def opening_period_save(*, centre: ServiceCentre, actor, kind: str, weekday: int | None, opens: datetime.time,
                        closes: datetime.time, valid_from=None, valid_until=None,
                        period: OpeningPeriod | None = None) -> OpeningPeriod:
    require(centre.community_id is not None and can_manage_community(actor, centre.community), MANAGE_REFUSED)
    _check_period(kind=kind, weekday=weekday, opens=opens, closes=closes, valid_from=valid_from,
                  valid_until=valid_until)
    if period is not None and period.centre_id != centre.pk:
        raise DomainError(_("该时段不属于本中心。"))
    clash = OpeningPeriod.objects.filter(centre=centre, weekday=weekday, opens__lt=closes, closes__gt=opens,
                                         valid_from=valid_from, valid_until=valid_until)
    if period is not None:
        clash = clash.exclude(pk=period.pk)
    if clash.exists():
        raise Conflict(_("与同一天已有的开放时段重叠。"), field="opens")
    period = period or OpeningPeriod(centre=centre)
    period.kind, period.weekday, period.opens, period.closes = kind, weekday, opens, closes
    period.valid_from, period.valid_until = valid_from, valid_until
    period.save()
    return period


@transaction.atomic
def opening_period_delete(*, period: OpeningPeriod, actor) -> None:
    require(period.centre.community_id is not None and can_manage_community(actor, period.centre.community),
            MANAGE_REFUSED)
    period.delete()


@transaction.atomic
def closure_add(*, centre: ServiceCentre, actor, first_day: datetime.date, last_day: datetime.date,
                reason: str) -> CentreClosure:
    require(centre.community_id is not None and can_manage_community(actor, centre.community), MANAGE_REFUSED)
    if first_day > last_day:
        raise DomainError(_("结束日期不能早于起始日期。"), field="last_day")
    if not reason.strip():
        raise DomainError(_("请填写闭馆原因。"), field="reason")
    return CentreClosure.objects.create(centre=centre, first_day=first_day, last_day=last_day, reason=reason.strip())


@transaction.atomic
def closure_delete(*, closure: CentreClosure, actor) -> None:
    require(closure.centre.community_id is not None and can_manage_community(actor, closure.centre.community),
            MANAGE_REFUSED)
    closure.delete()


# --- workers, leave, policy --------------------------------------------------------------

@transaction.atomic
def worker_save(*, community: Community, actor, user, window_qualified: bool, active: bool = True) -> Worker:
    require(can_manage_community(actor, community), MANAGE_REFUSED)
    if user.role not in WORKER_ROLES or user.community_id != community.pk:
        raise DomainError(_("只有本社区的窗口人员、网格员和社区管理员可以排班。"), field="user")
    worker, _created = Worker.objects.update_or_create(
        user=user, defaults={"community": community, "window_qualified": window_qualified, "active": active})
    return worker


@transaction.atomic
def absence_add(*, worker: Worker, actor, kind: str, first_day=None, last_day=None, weekday=None, starts=None,
                ends=None, note: str = "") -> Absence:
    require(can_manage_community(actor, worker.community), MANAGE_REFUSED)
    if kind == Absence.Kind.LEAVE:
        if first_day is None or last_day is None:
            raise DomainError(_("请假须填写起止日期。"), field="first_day")
        if first_day > last_day:
            raise DomainError(_("结束日期不能早于起始日期。"), field="last_day")
    elif kind == Absence.Kind.UNAVAILABLE:
        if weekday is None:
            raise DomainError(_("请选择星期。"), field="weekday")
    else:
        raise DomainError(_("类型无效。"), field="kind")
    if (starts is None) != (ends is None) or (starts and ends and starts >= ends):
        raise DomainError(_("请同时填写开始和结束时间，且结束晚于开始。"), field="ends")
    return Absence.objects.create(worker=worker, kind=kind, first_day=first_day, last_day=last_day, weekday=weekday,
                                  starts=starts, ends=ends, note=note.strip())


@transaction.atomic
def absence_delete(*, absence: Absence, actor) -> None:
    require(can_manage_community(actor, absence.worker.community), MANAGE_REFUSED)
    absence.delete()


@transaction.atomic
def policy_save(*, community: Community, actor, **values) -> RotaPolicy:
    require(can_manage_community(actor, community), MANAGE_REFUSED)
    policy, _created = RotaPolicy.objects.get_or_create(community=community)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


# --- the month rota -----------------------------------------------------------------------

def _log(rota: Rota, *, action: str, actor, previous: str = "", note: str = "") -> None:
    RotaChange.objects.create(rota=rota, action=action, from_status=previous, to_status=rota.status, actor=actor,
                              note=note[:200])


def _lock_rota(rota: Rota) -> Rota:
    return Rota.objects.select_for_update().select_related("community").get(pk=rota.pk)


def _require_draft(rota: Rota) -> None:
    if rota.status != RotaStatus.DRAFT:
        raise DomainError(_("已发布的排班不能直接修改，请通过换班申请调整。"))


def rota_generate(*, community: Community, month: datetime.date, actor) -> Rota:
    """Propose the month with the CP-SAT generator, replacing the draft's shifts.

    Refused for a published month. Solving happens outside the transaction (see the module)."""
    require(can_manage_community(actor, community), MANAGE_REFUSED)
    month = month.replace(day=1)
    existing = Rota.objects.filter(community=community, month=month).first()
    if existing is not None:
        _require_draft(existing)
    centre = _centre_of(community)
    from . import generator  # OR-Tools is a heavy import: load it when a month is generated

    plan = generator.solve(generator.load_inputs(community, month))
    with transaction.atomic():
        rota, _created = Rota.objects.get_or_create(community=community, month=month)
        rota = _lock_rota(rota)
        _require_draft(rota)  # published by someone else while we were solving
        rota.shifts.all().delete()
        workers = {w.pk for w in Worker.objects.filter(community=community)}
        Shift.objects.bulk_create([
            Shift(rota=rota, worker_id=worker_id, centre=centre, day=slot.day, start=slot.period.start,
                  end=slot.period.end, kind=slot.kind)
            for worker_id, slot in plan.assignments if worker_id in workers
        ])
        rota.report, rota.generated_at = plan.report(), timezone.now()
        rota.save(update_fields=["report", "generated_at"])
        _log(rota, action="generate", actor=actor, previous=rota.status,
             note=_("覆盖全部时段") if plan.status == "covered" else
             _("%(n)s 个时段无人覆盖") % {"n": len(plan.uncovered)})
    return rota


@transaction.atomic
def shift_add(*, rota: Rota, actor, worker: Worker, start: datetime.datetime, end: datetime.datetime,
              kind: str) -> Shift:
    """A manual edit of a draft: one more worker in a period."""
    rota = _lock_rota(rota)
    require(can_manage_community(actor, rota.community), MANAGE_REFUSED)
    _require_draft(rota)
    if worker.community_id != rota.community_id:
        raise DomainError(_("只能安排本社区的人员。"), field="worker")
    if start >= end:
        raise DomainError(_("结束时间须晚于开始时间。"), field="end")
    day = timezone.localtime(start).date()
    first, last = month_bounds(rota.month)
    if not first <= day <= last:
        raise DomainError(_("班次须在本月内。"), field="start")
    if kind not in ShiftKind.values:
        raise DomainError(_("班次类型无效。"), field="kind")
    if Shift.objects.filter(worker=worker, start__lt=end, end__gt=start).exists():
        raise Conflict(_("%(worker)s 在该时间已有班次。") % {"worker": worker}, field="worker")
    if Absence.objects.filter(worker=worker, kind=Absence.Kind.LEAVE, first_day__lte=day, last_day__gte=day).exists():
        raise DomainError(_("%(worker)s 当天请假。") % {"worker": worker}, field="worker")
    shift = Shift.objects.create(rota=rota, worker=worker, centre=_centre_of(rota.community), day=day, start=start,
                                 end=end, kind=kind)
    _log(rota, action="edit", actor=actor, previous=rota.status, note=_("新增 %(shift)s") % {"shift": shift})
    return shift


@transaction.atomic
def shift_remove(*, shift: Shift, actor) -> None:
    rota = _lock_rota(shift.rota)
    require(can_manage_community(actor, rota.community), MANAGE_REFUSED)
    _require_draft(rota)
    note = _("删除 %(shift)s") % {"shift": shift}
    shift.delete()
    _log(rota, action="edit", actor=actor, previous=rota.status, note=note)


@transaction.atomic
def rota_publish(*, rota: Rota, actor) -> Rota:
    """Draft → published. Each worker on the month is told how many shifts they have."""
    rota = _lock_rota(rota)
    require(can_manage_community(actor, rota.community), MANAGE_REFUSED)
    ROTA_FLOW.check(rota.status, RotaStatus.PUBLISHED)
    if not rota.shifts.exists():
        raise DomainError(_("排班表还没有班次，请先生成或添加。"))
    previous = rota.status
    rota.status, rota.published_at = RotaStatus.PUBLISHED, timezone.now()
    rota.save(update_fields=["status", "published_at"])
    _log(rota, action="publish", actor=actor, previous=previous)
    counts: dict[int, int] = {}
    for worker_id in rota.shifts.values_list("worker_id", flat=True):
        counts[worker_id] = counts.get(worker_id, 0) + 1
    for worker in Worker.objects.filter(pk__in=counts).select_related("user"):
        notify(recipient=worker.user, event=events.PUBLISHED, link=reverse("rota:my_shifts"),
               context={"community": rota.community.name, "month": f"{rota.month:%Y-%m}",
                        "count": counts[worker.pk]}, dedupe_key=f"rota.published:{rota.pk}:{worker.pk}")
    return rota


# --- swap requests -------------------------------------------------------------------------

def _when(shift: Shift) -> str:
    return f"{timezone.localtime(shift.start):%m-%d %H:%M}–{timezone.localtime(shift.end):%H:%M}"


def _swap_log(swap: SwapRequest, *, actor, previous: str, note: str = "") -> None:
    SwapChange.objects.create(swap=swap, from_status=previous, to_status=swap.status, actor=actor, note=note[:200])


@transaction.atomic
def swap_request(*, shift: Shift, actor, take_over_by: Worker, reason: str) -> SwapRequest:
    shift = Shift.objects.select_for_update(of=("self",)).select_related("rota__community", "worker__user")\
        .get(pk=shift.pk)
    require(shift.worker.user_id == actor.pk, _("只能为自己的班次申请换班。"))
    if shift.rota.status != RotaStatus.PUBLISHED:
        raise DomainError(_("排班发布后才能申请换班。"))
    if shift.start <= timezone.now():
        raise DomainError(_("已开始的班次不能换班。"))
    if take_over_by.community_id != shift.rota.community_id or not take_over_by.active:
        raise DomainError(_("接班人须是本社区参加排班的人员。"), field="take_over_by")
    if take_over_by.pk == shift.worker_id:
        raise DomainError(_("请选择另一位同事接班。"), field="take_over_by")
    if not reason.strip():
        raise DomainError(_("请填写换班原因。"), field="reason")
    if SwapRequest.objects.filter(shift=shift, status=SwapStatus.REQUESTED).exists():
        raise Conflict(_("该班次已有待审批的换班申请。"))
    swap = SwapRequest.objects.create(shift=shift, requested_by=shift.worker, take_over_by=take_over_by,
                                      reason=reason.strip())
    _swap_log(swap, actor=actor, previous="")
    context = {"requester": str(shift.worker), "colleague": str(take_over_by), "when": _when(shift),
               "reason": swap.reason}
    admins = get_user_model().objects.filter(role=Role.COMMUNITY_ADMIN, community=shift.rota.community, is_active=True)
    for admin in admins:
        notify(recipient=admin, event=events.SWAP_REQUESTED, context=context,
               link=reverse("rota:month", args=[shift.rota_id]))
    return swap


def _lock_swap(swap: SwapRequest) -> SwapRequest:
    return (SwapRequest.objects.select_for_update(of=("self",))
            .select_related("shift__rota__community", "shift__worker__user", "take_over_by__user",
                            "requested_by__user").get(pk=swap.pk))


@transaction.atomic
def swap_approve(*, swap: SwapRequest, actor) -> SwapRequest:
    """The colleague takes the shift over; refused if that would leave the period uncovered."""
    swap = _lock_swap(swap)
    shift = swap.shift
    require(can_manage_community(actor, shift.rota.community), _("只有本社区的管理员可以审批换班。"))
    SWAP_FLOW.check(swap.status, SwapStatus.APPROVED)
    colleague = swap.take_over_by
    if Shift.objects.filter(worker=colleague, start__lt=shift.end, end__gt=shift.start).exists():
        raise Conflict(_("%(worker)s 在该时间已有班次。") % {"worker": colleague})
    day = timezone.localtime(shift.start).date()
    if Absence.objects.filter(worker=colleague, kind=Absence.Kind.LEAVE, first_day__lte=day,
                              last_day__gte=day).exists():
        raise DomainError(_("%(worker)s 当天请假。") % {"worker": colleague})
    if shift.worker.window_qualified and not colleague.window_qualified:
        others = (Shift.objects.filter(centre=shift.centre, start__lte=shift.start, end__gte=shift.end,
                                       worker__window_qualified=True, rota__status=RotaStatus.PUBLISHED)
                  .exclude(pk=shift.pk))
        if not others.exists():
            raise DomainError(_("%(worker)s 不能独立值守窗口，换班后该时段将无人覆盖。") % {"worker": colleague})
    previous = swap.status
    swap.status = SwapStatus.APPROVED
    swap.save(update_fields=["status"])
    shift.worker = colleague
    shift.sequence += 1
    shift.save(update_fields=["worker", "sequence", "updated_at"])
    _swap_log(swap, actor=actor, previous=previous)
    _log(shift.rota, action="swap", actor=actor, previous=shift.rota.status,
         note=_("%(when)s 由 %(a)s 换给 %(b)s") % {"when": _when(shift), "a": swap.requested_by, "b": colleague})
    context = {"colleague": str(colleague), "requester": str(swap.requested_by), "when": _when(shift)}
    for user in (swap.requested_by.user, colleague.user):
        notify(recipient=user, event=events.SWAP_APPROVED, context=context, link=reverse("rota:my_shifts"))
    return swap


@transaction.atomic
def swap_refuse(*, swap: SwapRequest, actor, note: str = "") -> SwapRequest:
    swap = _lock_swap(swap)
    require(can_manage_community(actor, swap.shift.rota.community), _("只有本社区的管理员可以审批换班。"))
    SWAP_FLOW.check(swap.status, SwapStatus.REFUSED)
    previous = swap.status
    swap.status = SwapStatus.REFUSED
    swap.save(update_fields=["status"])
    _swap_log(swap, actor=actor, previous=previous, note=note)
    notify(recipient=swap.requested_by.user, event=events.SWAP_REFUSED, link=reverse("rota:my_shifts"),
           context={"requester": str(swap.requested_by), "when": _when(swap.shift), "note": note or "—"})
    return swap


@transaction.atomic
def swap_withdraw(*, swap: SwapRequest, actor) -> SwapRequest:
    swap = _lock_swap(swap)
    require(swap.requested_by.user_id == actor.pk, _("只能撤回自己的换班申请。"))
    SWAP_FLOW.check(swap.status, SwapStatus.WITHDRAWN)
    previous = swap.status
    swap.status = SwapStatus.WITHDRAWN
    swap.save(update_fields=["status"])
    _swap_log(swap, actor=actor, previous=previous)
    return swap


@transaction.atomic
def feed_token_regenerate(*, actor) -> FeedToken:
    FeedToken.objects.filter(user=actor).delete()
    return FeedToken.objects.create(user=actor)


def feed_token_for(user) -> FeedToken:
    token, _created = FeedToken.objects.get_or_create(user=user)
    return token
