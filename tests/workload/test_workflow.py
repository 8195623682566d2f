"""Every transition of every stateful model: the allowed ones through the services, the rest refused."""

import pytest

from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from tests.workload.conftest import file, make_task
from workload import services
from workload.models import (
    ApplicationStatus,
    Disposition,
    Ledger,
    LedgerStatus,
    RefusalStatus,
    Task,
    TaskList,
)
from workload.workflow import APPLICATION_FLOW, LEDGER_FLOW, REFUSAL_FLOW, TASK_FLOW

pytestmark = pytest.mark.django_db

A = ApplicationStatus


@pytest.mark.parametrize(("flow", "values"), [
    (APPLICATION_FLOW, A.values), (TASK_FLOW, Disposition.values), (REFUSAL_FLOW, RefusalStatus.values),
    (LEDGER_FLOW, LedgerStatus.values)])
def test_every_transition_missing_from_a_table_is_refused(flow, values):
    forbidden = [(s, t) for s in values for t in values if not flow.can(s, t)]
    assert forbidden
    for source, target in forbidden:
        with pytest.raises(InvalidTransition):
            flow.check(source, target)


def test_filing_writes_history_and_tells_the_streets(people, application):
    assert application.status == A.SUBMITTED
    assert [(c.from_status, c.to_status) for c in application.changes.all()] == [("", A.SUBMITTED)]
    assert Notification.objects.filter(recipient=people["street_a"], event="workload.application_filed").exists()


def test_submitted_to_reviewed_to_admitted_enters_the_register(people, admitted, today):
    assert admitted.status == A.ADMITTED
    task = admitted.task
    assert task.origin == "admission" and task.disposition == Disposition.KEPT
    assert task.in_force_from == admitted.start_date and not task.in_force_on(today)
    assert task.in_force_on(admitted.start_date)
    assert [c.to_status for c in admitted.changes.all()] == [A.SUBMITTED, A.REVIEWED, A.ADMITTED]
    assert Notification.objects.filter(recipient=people["cg"], event="workload.application_decided").exists()


def test_second_street_adds_its_opinion_reviewed_to_reviewed(people, reviewed):
    services.application_review(application=reviewed, actor=people["street_b"], agrees=False, opinion="不同意")
    assert reviewed.reviews.count() == 2
    assert [c.to_status for c in reviewed.changes.all()] == [A.SUBMITTED, A.REVIEWED, A.REVIEWED]


def test_same_street_cannot_review_twice(people, reviewed):
    with pytest.raises(Conflict) as exc:
        services.application_review(application=reviewed, actor=people["street_a"], agrees=True, opinion="再次")
    assert "已提交过" in str(exc.value.message)


def test_reviewed_to_refused_needs_a_reason(people, reviewed):
    with pytest.raises(DomainError) as exc:
        services.application_decide(application=reviewed, actor=people["district"], admit=False, reason="  ")
    assert exc.value.field == "reason"
    refused = services.application_decide(application=reviewed, actor=people["district"], admit=False,
                                          reason="无法定依据")
    assert refused.status == A.REFUSED and refused.task is None and refused.decision_reason == "无法定依据"


def test_district_cannot_decide_before_a_street_reviewed(people, application):
    with pytest.raises(InvalidTransition):
        services.application_decide(application=application, actor=people["district"], admit=True, reason="x")


@pytest.mark.parametrize("status_fixture", ["application", "reviewed"])
def test_department_withdraws_a_pending_application(request, people, status_fixture):
    application = request.getfixturevalue(status_fixture)
    services.application_withdraw(application=application, actor=people["cg"], reason="政策调整")
    application.refresh_from_db()
    assert application.status == A.WITHDRAWN


def test_admitted_task_exits_the_register(people, admitted):
    exited = services.application_withdraw(application=admitted, actor=people["district"], reason="试点结束",
                                           on=admitted.start_date)
    task = Task.objects.get(pk=exited.task_id)
    assert exited.status == A.EXITED
    assert task.disposition == Disposition.WITHDRAWN and task.in_force_until == admitted.start_date
    assert not task.in_force_on(admitted.start_date)
    assert [c.to_status for c in task.changes.all()] == [Disposition.KEPT, Disposition.WITHDRAWN]


@pytest.mark.parametrize("final", ["refused", "withdrawn", "exited"])
def test_final_applications_refuse_every_action(people, reviewed, final):
    if final == "refused":
        services.application_decide(application=reviewed, actor=people["district"], admit=False, reason="否")
    elif final == "withdrawn":
        services.application_withdraw(application=reviewed, actor=people["cg"], reason="撤")
    else:
        services.application_decide(application=reviewed, actor=people["district"], admit=True, reason="准")
        services.application_withdraw(application=reviewed, actor=people["cg"], reason="退")
    with pytest.raises((InvalidTransition, NotAllowed)):
        services.application_decide(application=reviewed, actor=people["district"], admit=True, reason="再")
    with pytest.raises((InvalidTransition, NotAllowed)):
        services.application_withdraw(application=reviewed, actor=people["district"], reason="再")
    with pytest.raises((InvalidTransition, Conflict)):
        services.application_review(application=reviewed, actor=people["street_b"], agrees=True, opinion="再")


def test_decision_by_wrong_role_is_refused_with_the_reason(people, reviewed):
    for who in ("street_a", "community_a1", "cg", "resident"):
        with pytest.raises(NotAllowed) as exc:
            services.application_decide(application=reviewed, actor=people[who], admit=True, reason="x")
        assert str(exc.value.message) == "只有区级管理员可以作出准入决定。"


def test_review_by_wrong_role_or_street_is_refused(people, territory):
    scoped = file(people["cg"], communities=[territory["b1"]])
    with pytest.raises(NotAllowed) as exc:
        services.application_review(application=scoped, actor=people["street_a"], agrees=True, opinion="x")
    assert str(exc.value.message) == "该申请不涉及您所在的街道。"
    with pytest.raises(NotAllowed) as exc:
        services.application_review(application=scoped, actor=people["district"], agrees=True, opinion="x")
    assert str(exc.value.message) == "只有街道管理员可以审核准入申请。"


def test_only_the_filing_department_withdraws_a_pending_application(people, application):
    for who in ("tj", "district", "street_a"):
        with pytest.raises(NotAllowed) as exc:
            services.application_withdraw(application=application, actor=people[who], reason="x")
        assert "只有申请部门可以撤回申请" in str(exc.value.message)


def test_filing_refused_for_non_liaisons_and_the_negative_list(people):
    for who in ("orphan_department", "district", "street_a", "community_a1", "resident"):
        with pytest.raises(NotAllowed) as exc:
            file(people[who])
        assert str(exc.value.message) == "只有区职能部门联络员可以提出准入申请。"
    with pytest.raises(DomainError) as exc:
        file(people["cg"], task_list=TaskList.NEGATIVE)
    assert exc.value.field == "task_list"
    with pytest.raises(DomainError) as exc:
        file(people["cg"], resources_offered=" ")
    assert exc.value.field == "resources_offered"


# --- tasks ------------------------------------------------------------------------------

@pytest.mark.parametrize("disposition", [Disposition.RETURNED, Disposition.ABOLISHED, Disposition.MERGED])
def test_kept_task_can_be_returned_abolished_or_merged_once(people, today, disposition):
    target = make_task("T2")
    task = make_task("T1")
    services.task_dispose(task=task, actor=people["district"], disposition=disposition, merged_into=target,
                          note="梳理", on=today)
    task.refresh_from_db()
    assert task.disposition == disposition and task.in_force_until == today and not task.in_force_on(today)
    assert task.changes.get().to_status == disposition
    with pytest.raises(InvalidTransition):
        services.task_dispose(task=task, actor=people["district"], disposition=Disposition.ABOLISHED)


def test_merging_needs_another_task_and_only_the_district_disposes(people):
    task = make_task("T1")
    with pytest.raises(DomainError) as exc:
        services.task_dispose(task=task, actor=people["district"], disposition=Disposition.MERGED)
    assert exc.value.field == "merged_into"
    with pytest.raises(NotAllowed) as exc:
        services.task_dispose(task=task, actor=people["street_a"], disposition=Disposition.ABOLISHED)
    assert str(exc.value.message) == "只有区级管理员可以调整事项处置。"


# --- refusals ---------------------------------------------------------------------------

def _refusal(people, departments, territory, today):
    return services.refusal_record(actor=people["community_a1"], community=territory["a1"],
                                   department=departments["tj"], what="人口月报", pushed_on=today, channel="chat")


def test_refusal_recorded_refused_acknowledged(people, departments, territory, today):
    refusal = _refusal(people, departments, territory, today)
    assert refusal.status == RefusalStatus.RECORDED
    services.refusal_refuse(refusal=refusal, actor=people["community_a1"], reason="未经准入")
    assert {n.recipient_id for n in Notification.objects.filter(event="workload.refusal_recorded")} == {
        people["tj"].pk, people["street_a"].pk}
    services.refusal_acknowledge(refusal=refusal, actor=people["tj"], note="不再要求")
    refusal.refresh_from_db()
    assert refusal.status == RefusalStatus.ACKNOWLEDGED
    assert [c.to_status for c in refusal.changes.all()] == ["recorded", "refused", "acknowledged"]
    with pytest.raises(InvalidTransition):
        services.refusal_void(refusal=refusal, actor=people["community_a1"], reason="x")


def test_refusal_voided_only_before_refusing(people, departments, territory, today):
    refusal = _refusal(people, departments, territory, today)
    services.refusal_void(refusal=refusal, actor=people["community_a1"], reason="登记错误")
    refusal.refresh_from_db()
    assert refusal.status == RefusalStatus.VOIDED
    with pytest.raises(InvalidTransition):
        services.refusal_refuse(refusal=refusal, actor=people["community_a1"], reason="x")
    with pytest.raises(NotAllowed):
        services.refusal_acknowledge(refusal=refusal, actor=people["cg"])


def test_refusal_wrong_role_and_wrong_community(people, departments, territory, today):
    with pytest.raises(NotAllowed) as exc:
        services.refusal_record(actor=people["community_b1"], community=territory["a1"], department=departments["tj"],
                                what="x", pushed_on=today, channel="chat")
    assert str(exc.value.message) == "只能为本社区登记。"
    with pytest.raises(NotAllowed) as exc:
        services.refusal_record(actor=people["street_a"], community=territory["a1"], department=departments["tj"],
                                what="x", pushed_on=today, channel="chat")
    assert str(exc.value.message) == "只有社区管理员可以登记拒绝记录。"
    refusal = _refusal(people, departments, territory, today)
    services.refusal_refuse(refusal=refusal, actor=people["community_a1"], reason="未经准入")
    with pytest.raises(NotAllowed) as exc:
        services.refusal_acknowledge(refusal=refusal, actor=people["cg"])
    assert str(exc.value.message) == "只有被拒绝的部门可以确认撤回。"


def test_refusal_bad_channel_or_future_date(people, departments, territory, today):
    import datetime

    with pytest.raises(DomainError) as exc:
        services.refusal_record(actor=people["community_a1"], community=territory["a1"], department=departments["tj"],
                                what="x", pushed_on=today, channel="pigeon")
    assert exc.value.field == "channel"
    with pytest.raises(DomainError) as exc:
        services.refusal_record(actor=people["community_a1"], community=territory["a1"], department=departments["tj"],
                                what="x", pushed_on=today + datetime.timedelta(days=1), channel="chat")
    assert exc.value.field == "pushed_on"


# --- ledgers ----------------------------------------------------------------------------

def test_ledger_replaced_names_its_source_and_is_final(people, territory):
    ledger = services.ledger_add(actor=people["community_a1"], community=territory["a1"], name="走访台账")
    with pytest.raises(DomainError) as exc:
        services.ledger_cut(ledger=ledger, actor=people["community_a1"], status=LedgerStatus.REPLACED)
    assert exc.value.field == "replaced_by"
    services.ledger_cut(ledger=ledger, actor=people["community_a1"], status=LedgerStatus.REPLACED,
                        replaced_by="visits")
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.REPLACED and ledger.replaced_by == "visits"
    assert [c.to_status for c in ledger.changes.all()] == ["kept", "replaced"]
    with pytest.raises(InvalidTransition):
        services.ledger_cut(ledger=ledger, actor=people["community_a1"], status=LedgerStatus.ABOLISHED)


def test_ledger_abolished_and_duplicates_and_scope(people, territory):
    ledger = services.ledger_add(actor=people["street_a"], community=territory["a2"], name="月报")
    services.ledger_cut(ledger=ledger, actor=people["street_a"], status=LedgerStatus.ABOLISHED)
    assert Ledger.objects.get(pk=ledger.pk).replaced_by == ""
    with pytest.raises(Conflict):
        services.ledger_add(actor=people["street_a"], community=territory["a2"], name="月报")
    with pytest.raises(NotAllowed) as exc:
        services.ledger_add(actor=people["community_a1"], community=territory["a2"], name="别的社区")
    assert str(exc.value.message) == "只能管理本辖区社区的台账。"
    with pytest.raises(NotAllowed):
        services.ledger_add(actor=people["cg"], community=territory["a1"], name="部门")
