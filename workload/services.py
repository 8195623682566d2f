"""Writes of the workload app: each one transaction, each checks permission and state, each writes
its history row; notifications go through the outbox inside the same transaction.

Admitting a task only ever writes the register (Task): it never touches the residents' catalogue.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.exceptions import Conflict, DomainError
from taijiang.notifications.services import notify
from taijiang.users.models import Role
from taijiang.workdays.calendar import add_working_days, working_days_between

from . import conf, events, permissions, selectors
from .models import (
    Application,
    ApplicationChange,
    ApplicationReview,
    ApplicationStatus,
    Channel,
    DataSource,
    Disposition,
    Ledger,
    LedgerChange,
    LedgerStatus,
    ListEntry,
    ListVersion,
    Origin,
    Refusal,
    RefusalChange,
    RefusalStatus,
    Task,
    TaskChange,
    TaskList,
)
from .workflow import (
    APPLICATION_FLOW,
    LEDGER_FLOW,
    REFUSAL_FLOW,
    TASK_FLOW,
)

A = ApplicationStatus


def _move(obj, target: str, *, flow, history, subject: str, actor, note: str = "", field: str = "status",
          also: tuple = ()):
    """Move `obj` along `flow` and write its history row (the caller holds the row lock).

    `also` names fields the caller changed on `obj` that must be saved with the status.
    """
    previous = getattr(obj, field)
    flow.check(previous, target)
    setattr(obj, field, target)
    obj.save(update_fields=[field, *also])
    history.objects.create(**{subject: obj}, from_status=previous, to_status=target, actor=actor, note=note[:200])
    return obj


def _text(value, field: str, message: str, *, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    if max_length and len(value) > max_length:
        raise DomainError(_("不能超过 %(n)d 个字。") % {"n": max_length}, field=field)
    return value


def _users(**filters):
    return get_user_model().objects.filter(is_active=True, **filters)


def _liaisons(department_id):
    return _users(role=Role.DEPARTMENT, department_membership__department_id=department_id)


def _link(name: str, pk: int) -> str:
    return reverse(f"workload:{name}", args=[pk])


# --- the register ----------------------------------------------------------------------

def task_dispose(*, task: Task, actor, disposition: str, note: str = "", merged_into: Task | None = None,
                 on: datetime.date | None = None) -> Task:
    """District admins return a task to the street, merge or abolish it: it stops being carried from `on`."""
    permissions.require_task_edit(actor)
    if disposition not in (Disposition.RETURNED, Disposition.MERGED, Disposition.ABOLISHED):
        raise DomainError(_("请选择处置方式：收归街道、合并或取消。"), field="disposition")
    if disposition == Disposition.MERGED and (merged_into is None or merged_into.pk == task.pk):
        raise DomainError(_("合并时请选择并入的另一事项。"), field="merged_into")
    on = on or timezone.localdate()
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if disposition == Disposition.MERGED:
            task.merged_into = merged_into
        if task.disposition == Disposition.KEPT:
            task.in_force_until = max(on, task.in_force_from) if task.in_force_from else on
        return _move(task, disposition, flow=TASK_FLOW, history=TaskChange, subject="task",
                     actor=actor, note=note, field="disposition", also=("merged_into", "in_force_until"))


def task_list_publish(*, actor, community=None, note: str = "", day: datetime.date | None = None) -> ListVersion:
    """Publish the community's (or the district's) list as it stands on `day`: a numbered, frozen snapshot."""
    permissions.require_publish(actor, community)
    day = day or timezone.localdate()
    try:
        return _publish(actor=actor, community=community, note=note, day=day)
    except IntegrityError:
        # Two first publications of a scope raced (no row to lock yet): the unique constraint kept one.
        raise Conflict(_("另一位管理员刚刚发布了该清单，请刷新后查看。")) from None


def _publish(*, actor, community, note: str, day: datetime.date) -> ListVersion:
    with transaction.atomic():
        # Lock the scope's versions so two publishers cannot take the same number.
        # (Read as rows: PostgreSQL refuses FOR UPDATE with an aggregate.)
        taken = list(ListVersion.objects.select_for_update().filter(community=community)
                     .values_list("version", flat=True))
        number = max(taken, default=0) + 1
        tasks = list(selectors.list_tasks(community, day))
        counts = {value: sum(1 for t in tasks if t.task_list == value) for value in TaskList.values}
        version = ListVersion.objects.create(
            community=community, version=number, published_by=actor, effective_on=day, note=note.strip()[:200],
            duty_count=counts[TaskList.DUTY], assisting_count=counts[TaskList.ASSISTING],
            negative_count=counts[TaskList.NEGATIVE])
        ListEntry.objects.bulk_create([
            ListEntry(version=version, position=index, task=task, task_list=task.task_list, code=task.code,
                      title=task.title, category=task.category, legal_basis=task.legal_basis,
                      department=task.department.short_name if task.department else "")
            for index, task in enumerate(tasks, start=1)])
    return version


# --- admission (准入) ------------------------------------------------------------------

def application_file(*, actor, title: str, task_list: str, legal_basis: str, hours_per_month: int,
                     resources_offered: str, start_date: datetime.date, category: str = "",
                     ledgers_required: str = "", workload_note: str = "", communities=(),
                     today: datetime.date | None = None) -> Application:
    """A department liaison files an application; it must come `notice_days` working days ahead.

    The district's decision is due `decision_days` working days after filing; the streets
    concerned are told.
    """
    permissions.require_file(actor)
    department = permissions.department_of(actor)
    title = _text(title, "title", _("请填写事项名称。"), max_length=120)
    legal_basis = _text(legal_basis, "legal_basis", _("请填写下沉依据（法律法规或文件）。"))
    resources_offered = _text(resources_offered, "resources_offered",
                              _("请写明随事项下沉的经费、人员或系统等资源（权随责走、费随事转）。"))
    if task_list not in (TaskList.DUTY, TaskList.ASSISTING):
        raise DomainError(_("准入事项只能列入依法履职或协助办理清单；负面清单事项不得下沉社区。"), field="task_list")
    if hours_per_month is None or hours_per_month < 1:
        raise DomainError(_("请填写每社区每月的工作量（至少 1 小时）。"), field="hours_per_month")
    today = today or timezone.localdate()
    notice = conf.notice_days()
    if start_date is None or working_days_between(today, start_date) < notice:
        earliest = add_working_days(today, notice)
        raise DomainError(_("须至少提前 %(n)d 个工作日申请：最早可于 %(date)s 开始。")
                          % {"n": notice, "date": earliest.isoformat()}, field="start_date")
    communities = list(communities)
    with transaction.atomic():
        application = Application.objects.create(
            department=department, filed_by=actor, title=title, category=(category or "").strip()[:30],
            task_list=task_list, legal_basis=legal_basis, ledgers_required=(ledgers_required or "").strip(),
            hours_per_month=hours_per_month, workload_note=(workload_note or "").strip(),
            resources_offered=resources_offered, start_date=start_date, filed_on=today,
            decision_due=add_working_days(today, conf.decision_days()))
        if communities:
            application.communities.set(communities)
        ApplicationChange.objects.create(application=application, from_status="", to_status=A.SUBMITTED,
                                         actor=actor)
        streets = {c.street_id for c in communities}
        reviewers = _users(role=Role.STREET_ADMIN)
        if streets:
            reviewers = reviewers.filter(street_id__in=streets)
        context = {"department": department.short_name, "title": title, "start": start_date.isoformat(),
                   "due": application.decision_due.isoformat()}
        for user in reviewers:
            notify(recipient=user, event=events.APPLICATION_FILED, context=context,
                   link=_link("application_detail", application.pk))
    return application


def _lock_application(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("department").get(pk=application.pk)


def application_review(*, application: Application, actor, agrees: bool, opinion: str) -> Application:
    """A street admin records the street's opinion (one per street) before the district decides."""
    permissions.require_review(actor, application)
    opinion = _text(opinion, "opinion", _("请填写审核意见。"))
    with transaction.atomic():
        application = _lock_application(application)
        if application.reviews.filter(street_id=actor.street_id).exists():
            raise Conflict(_("本街道已提交过审核意见。"))
        _move(application, A.REVIEWED, flow=APPLICATION_FLOW,
              history=ApplicationChange, subject="application", actor=actor, note=opinion)
        ApplicationReview.objects.create(application=application, street_id=actor.street_id, reviewer=actor,
                                         agrees=bool(agrees), opinion=opinion)
        context = {"street": str(actor.street), "title": application.title, "opinion": opinion[:80]}
        for user in list(_users(role=Role.DISTRICT_ADMIN)) + list(_liaisons(application.department_id)):
            notify(recipient=user, event=events.APPLICATION_REVIEWED, context=context,
                   link=_link("application_detail", application.pk))
    return application


def application_decide(*, application: Application, actor, admit: bool, reason: str) -> Application:
    """The district admits or refuses, with reasons. Admission writes the task into the register,
    in force from the start date (or from today if the decision came after it)."""
    permissions.require_decide(actor)
    reason = _text(reason, "reason", _("请填写决定理由。"))
    with transaction.atomic():
        application = _lock_application(application)
        target = A.ADMITTED if admit else A.REFUSED
        APPLICATION_FLOW.check(application.status, target)
        if admit:
            today = timezone.localdate()
            task = Task.objects.create(
                code=f"ZR-{application.pk:04d}", title=application.title, category=application.category or _("准入事项"),
                task_list=application.task_list, department=application.department,
                legal_basis=application.legal_basis, ledgers_required=application.ledgers_required,
                resources=application.resources_offered, origin=Origin.ADMISSION,
                in_force_from=max(application.start_date, today))
            task.communities.set(application.communities.all())
            TaskChange.objects.create(task=task, from_status="", to_status=Disposition.KEPT, actor=actor,
                                      note=_("经准入申请 %(title)s 列入清单") % {"title": application.title[:150]})
            application.task = task
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.decision_reason = reason
        _move(application, target, flow=APPLICATION_FLOW, history=ApplicationChange,
              subject="application", actor=actor, note=reason,
              also=("task", "decided_by", "decided_at", "decision_reason"))
        context = {"status": str(APPLICATION_FLOW.label(target)), "title": application.title, "reason": reason[:120]}
        for user in _liaisons(application.department_id):
            notify(recipient=user, event=events.APPLICATION_DECIDED, context=context,
                   link=_link("application_detail", application.pk))
    return application


def application_withdraw(*, application: Application, actor, reason: str,
                         on: datetime.date | None = None) -> Application:
    """Before the decision the department withdraws its application; after admission the task is
    taken off the register (退出) from `on`, by the department or the district."""
    permissions.require_withdraw(actor, application)
    reason = _text(reason, "reason", _("请填写撤回或退出的理由。"))
    with transaction.atomic():
        application = _lock_application(application)
        target = A.EXITED if application.status == A.ADMITTED else A.WITHDRAWN
        APPLICATION_FLOW.check(application.status, target)
        if target == A.EXITED:
            task = Task.objects.select_for_update().get(pk=application.task_id)
            on = on or timezone.localdate()
            task.in_force_until = max(on, task.in_force_from) if task.in_force_from else on
            _move(task, Disposition.WITHDRAWN, flow=TASK_FLOW, history=TaskChange,
                  subject="task", actor=actor, note=reason, field="disposition", also=("in_force_until",))
        _move(application, target, flow=APPLICATION_FLOW, history=ApplicationChange,
              subject="application", actor=actor, note=reason)
        recipients = list(_users(role=Role.DISTRICT_ADMIN)) + list(_liaisons(application.department_id))
        for user in recipients:
            if user.pk != actor.pk:
                notify(recipient=user, event=events.APPLICATION_WITHDRAWN,
                       context={"title": application.title, "reason": reason[:120]},
                       link=_link("application_detail", application.pk))
    return application


# --- refusals --------------------------------------------------------------------------

def refusal_record(*, actor, community, department, what: str, pushed_on: datetime.date, channel: str,
                   details: str = "") -> Refusal:
    """A community admin records a task pushed down without admission (who, what, when, how)."""
    permissions.require_record_refusal(actor, community)
    what = _text(what, "what", _("请填写下派的事项。"), max_length=120)
    if department is None or not department.is_active:
        raise DomainError(_("请选择下派的部门。"), field="department")
    if channel not in Channel.values:
        raise DomainError(_("请选择下派方式。"), field="channel")
    if pushed_on is None or pushed_on > timezone.localdate():
        raise DomainError(_("下派日期不能晚于今天。"), field="pushed_on")
    with transaction.atomic():
        refusal = Refusal.objects.create(community=community, department=department, what=what, pushed_on=pushed_on,
                                         channel=channel, details=(details or "").strip(), recorded_by=actor)
        RefusalChange.objects.create(refusal=refusal, from_status="", to_status=RefusalStatus.RECORDED, actor=actor)
    return refusal


def _lock_refusal(refusal: Refusal) -> Refusal:
    return Refusal.objects.select_for_update(of=("self",)).select_related("community", "department").get(pk=refusal.pk)


def refusal_refuse(*, refusal: Refusal, actor, reason: str) -> Refusal:
    """The community refuses the unadmitted task; the department and the street are told."""
    permissions.require_record_refusal(actor, refusal.community)
    reason = _text(reason, "reason", _("请填写拒绝理由。"))
    with transaction.atomic():
        refusal = _lock_refusal(refusal)
        refusal.reason = reason
        _move(refusal, RefusalStatus.REFUSED, flow=REFUSAL_FLOW, history=RefusalChange,
              subject="refusal", actor=actor, note=reason, also=("reason",))
        context = {"community": refusal.community.name, "department": refusal.department.short_name,
                   "what": refusal.what, "channel": str(refusal.get_channel_display()),
                   "pushed_on": refusal.pushed_on.isoformat(), "reason": reason[:120]}
        recipients = list(_liaisons(refusal.department_id)) + list(
            _users(role=Role.STREET_ADMIN, street_id=refusal.community.street_id))
        for user in recipients:
            notify(recipient=user, event=events.REFUSAL_RECORDED, context=context,
                   link=_link("refusal_detail", refusal.pk))
    return refusal


def refusal_acknowledge(*, refusal: Refusal, actor, note: str = "") -> Refusal:
    """The department confirms it withdraws the task it pushed down."""
    permissions.require_acknowledge(actor, refusal)
    with transaction.atomic():
        refusal = _lock_refusal(refusal)
        return _move(refusal, RefusalStatus.ACKNOWLEDGED, flow=REFUSAL_FLOW,
                     history=RefusalChange, subject="refusal", actor=actor, note=note)


def refusal_void(*, refusal: Refusal, actor, reason: str) -> Refusal:
    """A record made in error is voided (kept, with the reason), only before it was refused."""
    permissions.require_record_refusal(actor, refusal.community)
    reason = _text(reason, "reason", _("请填写作废原因。"))
    with transaction.atomic():
        refusal = _lock_refusal(refusal)
        return _move(refusal, RefusalStatus.VOIDED, flow=REFUSAL_FLOW,
                     history=RefusalChange, subject="refusal", actor=actor, note=reason)


# --- ledgers ---------------------------------------------------------------------------

def ledger_add(*, actor, community, name: str, task: Task | None = None, note: str = "") -> Ledger:
    permissions.require_manage_ledgers(actor, community)
    name = _text(name, "name", _("请填写台账名称。"), max_length=80)
    with transaction.atomic():
        if Ledger.objects.filter(community=community, name=name).exists():
            raise Conflict(_("本社区已有同名台账。"), field="name")
        ledger = Ledger.objects.create(community=community, name=name, task=task, note=(note or "").strip()[:200])
        LedgerChange.objects.create(ledger=ledger, from_status="", to_status=LedgerStatus.KEPT, actor=actor)
    return ledger


def ledger_cut(*, ledger: Ledger, actor, status: str, replaced_by: str = "", note: str = "") -> Ledger:
    """Abolish a ledger, or mark it replaced by data the portal already holds (naming the source)."""
    permissions.require_manage_ledgers(actor, ledger.community)
    if status == LedgerStatus.REPLACED and replaced_by not in DataSource.values:
        raise DomainError(_("请选择替代它的系统数据：走访、诉求或办件。"), field="replaced_by")
    if status not in (LedgerStatus.ABOLISHED, LedgerStatus.REPLACED):
        raise DomainError(_("请选择取消或由系统数据替代。"), field="status")
    with transaction.atomic():
        ledger = Ledger.objects.select_for_update(of=("self",)).select_related("community").get(pk=ledger.pk)
        LEDGER_FLOW.check(ledger.status, status)
        ledger.replaced_by = replaced_by if status == LedgerStatus.REPLACED else ""
        return _move(ledger, status, flow=LEDGER_FLOW, history=LedgerChange, subject="ledger",
                     actor=actor, note=note, also=("replaced_by",))
