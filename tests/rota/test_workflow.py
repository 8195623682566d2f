"""Every rota and swap transition, allowed and forbidden, with the refusal's message."""

import datetime

import pytest

from rota import services
from rota.models import Absence, RotaChange, RotaStatus, ShiftKind, SwapChange, SwapStatus
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from tests import factories

from . import factories as rf

DAY = datetime.date(2026, 12, 14)  # a Monday, after "now" in these tests


@pytest.fixture
def draft(fuxiang, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 12, 1), 9))
    workers = fuxiang["workers"]
    rota = rf.published_rota(fuxiang["community"], DAY, [
        (workers[1], rf.at(DAY, 8, 30), rf.at(DAY, 12), ShiftKind.REGULAR),
        (workers[6], rf.at(DAY, 8, 30), rf.at(DAY, 12), ShiftKind.REGULAR),
    ], status=RotaStatus.DRAFT)
    admin = workers[0].user
    return {"rota": rota, "admin": admin, **fuxiang}


def test_publish_moves_draft_to_published_writes_history_and_tells_workers(draft):
    rota = services.rota_publish(rota=draft["rota"], actor=draft["admin"])
    assert rota.status == RotaStatus.PUBLISHED and rota.published_at
    change = RotaChange.objects.get(rota=rota, action="publish")
    assert (change.from_status, change.to_status, change.actor) == ("draft", "published", draft["admin"])
    assert Notification.objects.filter(event="rota.published", recipient=draft["workers"][1].user).exists()


def test_publishing_twice_is_an_invalid_transition(draft):
    services.rota_publish(rota=draft["rota"], actor=draft["admin"])
    with pytest.raises(InvalidTransition, match="不能从“已发布”变为“已发布”"):
        services.rota_publish(rota=draft["rota"], actor=draft["admin"])


def test_publishing_an_empty_rota_is_refused(draft):
    draft["rota"].shifts.all().delete()
    with pytest.raises(DomainError, match="还没有班次"):
        services.rota_publish(rota=draft["rota"], actor=draft["admin"])


@pytest.mark.parametrize("who", ["window", "other_admin", "grid"])
def test_only_the_communitys_admin_may_publish(draft, who):
    actor = {"window": draft["workers"][1].user, "grid": draft["workers"][6].user,
             "other_admin": factories.community_admin(draft["a2"])}[who]
    with pytest.raises(NotAllowed, match="只有本社区的管理员可以编排班表和开放时间"):
        services.rota_publish(rota=draft["rota"], actor=actor)


def test_published_rota_refuses_generation_and_manual_edits(draft):
    services.rota_publish(rota=draft["rota"], actor=draft["admin"])
    with pytest.raises(DomainError, match="已发布的排班不能直接修改"):
        services.rota_generate(community=draft["community"], month=DAY, actor=draft["admin"])
    with pytest.raises(DomainError, match="已发布的排班不能直接修改"):
        services.shift_add(rota=draft["rota"], actor=draft["admin"], worker=draft["workers"][2],
                           start=rf.at(DAY, 14), end=rf.at(DAY, 17, 30), kind=ShiftKind.REGULAR)
    with pytest.raises(DomainError, match="已发布的排班不能直接修改"):
        services.shift_remove(shift=draft["rota"].shifts.first(), actor=draft["admin"])


def test_manual_edit_refuses_overlap_leave_and_other_months(draft):
    workers = draft["workers"]
    with pytest.raises(Conflict, match="在该时间已有班次"):
        services.shift_add(rota=draft["rota"], actor=draft["admin"], worker=workers[1], start=rf.at(DAY, 9),
                           end=rf.at(DAY, 10), kind=ShiftKind.REGULAR)
    Absence.objects.create(worker=workers[2], kind="leave", first_day=DAY, last_day=DAY)
    with pytest.raises(DomainError, match="当天请假"):
        services.shift_add(rota=draft["rota"], actor=draft["admin"], worker=workers[2], start=rf.at(DAY, 14),
                           end=rf.at(DAY, 17), kind=ShiftKind.REGULAR)
    with pytest.raises(DomainError, match="班次须在本月内"):
        services.shift_add(rota=draft["rota"], actor=draft["admin"], worker=workers[3],
                           start=rf.at(datetime.date(2027, 1, 4), 9), end=rf.at(datetime.date(2027, 1, 4), 10),
                           kind=ShiftKind.REGULAR)
    shift = services.shift_add(rota=draft["rota"], actor=draft["admin"], worker=workers[3], start=rf.at(DAY, 14),
                               end=rf.at(DAY, 17, 30), kind=ShiftKind.REGULAR)
    assert shift.day == DAY and RotaChange.objects.filter(rota=draft["rota"], action="edit").exists()


@pytest.fixture
def published(draft):
    services.rota_publish(rota=draft["rota"], actor=draft["admin"])
    draft["shift"] = draft["rota"].shifts.get(worker=draft["workers"][1])
    return draft


def _request(published, colleague_index=2):
    w = published["workers"]
    return services.swap_request(shift=published["shift"], actor=w[1].user, take_over_by=w[colleague_index],
                                 reason="孩子生病")


def test_swap_request_then_approval_hands_the_shift_over(published):
    swap = _request(published)
    assert Notification.objects.filter(event="rota.swap_requested", recipient=published["admin"]).exists()
    swap = services.swap_approve(swap=swap, actor=published["admin"])
    published["shift"].refresh_from_db()
    assert swap.status == SwapStatus.APPROVED and published["shift"].worker == published["workers"][2]
    assert published["shift"].sequence == 1
    assert list(SwapChange.objects.filter(swap=swap).values_list("from_status", "to_status")) == [
        ("", "requested"), ("requested", "approved")]


def test_swap_refusal_and_withdrawal(published):
    swap = services.swap_refuse(swap=_request(published), actor=published["admin"], note="当天人手不足")
    assert swap.status == SwapStatus.REFUSED
    assert Notification.objects.filter(event="rota.swap_refused", recipient=published["workers"][1].user).exists()
    swap = services.swap_withdraw(swap=_request(published), actor=published["workers"][1].user)
    assert swap.status == SwapStatus.WITHDRAWN


@pytest.mark.parametrize("first, then", [
    ("approve", "approve"), ("approve", "refuse"), ("approve", "withdraw"),
    ("refuse", "approve"), ("refuse", "refuse"), ("refuse", "withdraw"),
    ("withdraw", "approve"), ("withdraw", "refuse"), ("withdraw", "withdraw"),
])
def test_a_decided_swap_cannot_change_again(published, first, then):
    swap = _request(published)
    requester = published["workers"][1].user
    calls = {
        "approve": lambda s: services.swap_approve(swap=s, actor=published["admin"]),
        "refuse": lambda s: services.swap_refuse(swap=s, actor=published["admin"]),
        "withdraw": lambda s: services.swap_withdraw(swap=s, actor=requester),
    }
    calls[first](swap)
    with pytest.raises(InvalidTransition):
        calls[then](swap)


def test_swap_refusals_name_the_reason(published):
    w = published["workers"]
    with pytest.raises(NotAllowed, match="只能为自己的班次申请换班"):
        services.swap_request(shift=published["shift"], actor=w[2].user, take_over_by=w[3], reason="x")
    with pytest.raises(DomainError, match="请选择另一位同事接班"):
        services.swap_request(shift=published["shift"], actor=w[1].user, take_over_by=w[1], reason="x")
    with pytest.raises(DomainError, match="请填写换班原因"):
        services.swap_request(shift=published["shift"], actor=w[1].user, take_over_by=w[2], reason=" ")
    swap = _request(published)
    with pytest.raises(Conflict, match="已有待审批的换班申请"):
        _request(published)
    with pytest.raises(NotAllowed, match="只有本社区的管理员可以审批换班"):
        services.swap_approve(swap=swap, actor=w[2].user)
    with pytest.raises(NotAllowed, match="只能撤回自己的换班申请"):
        services.swap_withdraw(swap=swap, actor=w[2].user)


def test_swap_to_an_unqualified_colleague_that_would_leave_the_period_uncovered_is_refused(published):
    # workers[1] (qualified) and workers[6] (not qualified) share the morning; handing workers[1]'s
    # shift to workers[7] (not qualified) would leave nobody at the window.
    swap = _request(published, colleague_index=7)
    with pytest.raises(DomainError, match="不能独立值守窗口，换班后该时段将无人覆盖"):
        services.swap_approve(swap=swap, actor=published["admin"])


def test_swap_on_a_draft_rota_is_refused(draft):
    shift = draft["rota"].shifts.get(worker=draft["workers"][1])
    with pytest.raises(DomainError, match="排班发布后才能申请换班"):
        services.swap_request(shift=shift, actor=draft["workers"][1].user, take_over_by=draft["workers"][2],
                              reason="x")
