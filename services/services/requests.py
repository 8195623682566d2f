"""The service request workflow: submit, pre-review, missing materials (一次性告知), accept,
process/transfer, complete, reject, withdraw. Each function is one transaction that locks the
request, checks permission and the REQUEST_FLOW table, writes a timeline row and notifies the
applicant through the outbox.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.exceptions import DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.events import EventType
from taijiang.notifications.services import notify
from taijiang.workdays.calendar import add_working_days

from .. import events, permissions
from ..models import (
    ItemLevel,
    ProxyStatus,
    RequestAttachment,
    RequestCounter,
    RequestEvent,
    RequestStatus,
    ServiceItem,
    ServiceRequest,
)
from ..workflow import REQUEST_FLOW

S = RequestStatus


def _next_number(today) -> str:
    counters = RequestCounter.objects.filter(day=today)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():  # the first request of the day; a concurrent one may win the insert
                RequestCounter.objects.create(day=today, last=1)
        except IntegrityError:
            counters.update(last=F("last") + 1)
    return f"FW{today:%Y%m%d}{counters.values_list('last', flat=True).get():04d}"


def _link(request: ServiceRequest) -> str:
    return reverse("services:request_detail", args=[request.pk])


def request_record_event(request, *, actor, title, note="", from_status="", to_status="", proxy_status="",
                         data=None, public=True) -> RequestEvent:
    """Write one step of the request's timeline (proxy.py records the proxy's steps through it)."""
    return RequestEvent.objects.create(request=request, actor=actor, title=title, note=note, from_status=from_status,
                                       to_status=to_status, proxy_status=proxy_status, data=data or {},
                                       public=public)


def _notify_applicant(request, event: EventType, **context) -> None:
    if request.applicant_id:
        context = {"number": request.number, "item": request.item.name,
                   **{key: str(value) for key, value in context.items()}}
        notify(recipient=request.applicant, event=event, context=context, link=_link(request))


def lock_request(request: ServiceRequest) -> ServiceRequest:
    """The request re-read under a row lock; proxy.py moves requests too and locks the same way."""
    return (ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("item", "applicant", "community").get(pk=request.pk))


def _move(request, *, actor, target, title, note="", data=None, notify_status=True) -> ServiceRequest:
    REQUEST_FLOW.check(request.status, target)
    previous = request.status
    request.status = target
    if target in (S.COMPLETED, S.REJECTED, S.WITHDRAWN):
        request.closed_at = timezone.now()
    request.save()
    request_record_event(request, actor=actor, title=title, note=note, from_status=previous, to_status=target, data=data)
    if notify_status:
        _notify_applicant(request, events.REQUEST_STATUS, status=REQUEST_FLOW.label(target), note=note)
    return request


def _attach(request, *, files, actor) -> list[RequestAttachment]:
    """`files` are (material or None, cleaned ContentFile, original name) tuples (see forms)."""
    rows = []
    for material, content, original in files:
        if material is not None and material.item_id != request.item_id:
            raise DomainError(_("材料“%(name)s”不属于该事项。") % {"name": material.name})
        rows.append(RequestAttachment.objects.create(request=request, material=material, file=content,
                                                     original_name=original[:200], uploaded_by=actor))
    return rows


@transaction.atomic
def request_submit(*, item: ServiceItem, actor, community, applicant=None, registry_resident=None,
                   applicant_name: str = "", applicant_phone: str = "", description: str = "", files=(),
                   channel: str = ServiceRequest.Channel.ONLINE, grid=None, is_proxy: bool = False,
                   consent_by: str = "", consent_method: str = "", source_visit=None) -> ServiceRequest:
    """Start a request: the resident for themselves, or staff on a resident's behalf."""
    if item.status != ServiceItem.Status.ACTIVE:
        raise DomainError(_("事项“%(name)s”暂停办理。") % {"name": item.name}, field="item")
    on_behalf = applicant is None or applicant.pk != actor.pk
    if on_behalf and not actor.is_portal_staff:
        raise NotAllowed(_("只能为自己申请。工作人员可以代居民申请。"))
    if channel == ServiceRequest.Channel.ONLINE and not item.online:
        # The item's settings refuse it, not the request's form: 409 (docs/api.md).
        raise InvalidTransition(_("事项“%(name)s”不支持网上预申请，请到窗口办理。") % {"name": item.name}, field="item")
    if is_proxy:
        if not item.proxy:
            raise DomainError(_("事项“%(name)s”不提供代办。") % {"name": item.name}, field="item")
        if not consent_by.strip() or not consent_method:
            raise DomainError(_("代办须记录居民本人的同意（同意人和同意方式）。"), field="consent_by")
    name = applicant_name or (registry_resident.name if registry_resident else "") or (
        applicant.name if applicant else "")
    if not name:
        raise DomainError(_("请填写申请人姓名。"), field="applicant_name")
    now = timezone.now()
    request = ServiceRequest.objects.create(
        number=_next_number(timezone.localdate()), item=item, applicant=applicant,
        registry_resident=registry_resident, applicant_name=name, applicant_phone=applicant_phone,
        community=community, grid=grid, channel=channel, description=description, created_by=actor,
        handling_level=item.level if item.level != ItemLevel.COMMUNITY else ServiceRequest.Level.COMMUNITY,
        source_visit=source_visit, is_proxy=is_proxy, consent_by=consent_by.strip() if is_proxy else "",
        consent_method=consent_method if is_proxy else "", consent_at=now if is_proxy else None,
        proxy_status=ProxyStatus.REGISTERED if is_proxy else "",
    )
    _attach(request, files=files, actor=actor)
    title = _("代办登记") if is_proxy else _("提交申请")
    note = _("同意人：%(who)s（%(how)s）") % {"who": request.consent_by, "how": request.get_consent_method_display()} \
        if is_proxy else ""
    request_record_event(request, actor=actor, title=title, note=note, to_status=S.SUBMITTED,
           proxy_status=request.proxy_status, data={"attachments": len(files)})
    _notify_applicant(request, events.REQUEST_SUBMITTED)
    return request


@transaction.atomic
def request_add_materials(*, request: ServiceRequest, actor, files) -> ServiceRequest:
    """More materials before pre-review ends (after a missing-materials notice use request_supplement)."""
    request = lock_request(request)
    own = request.applicant_id == actor.pk
    permissions.require(own or permissions.can_work_proxy(actor, request) or permissions.can_handle_request(
        actor, request), _("只能为自己的办件上传材料。"))
    if request.status not in (S.SUBMITTED, S.PRE_REVIEW):
        raise InvalidTransition(_("当前状态下不能再上传材料。"))
    if not files:
        raise DomainError(_("请上传材料。"), field="file")
    _attach(request, files=files, actor=actor)
    request_record_event(request, actor=actor, title=_("上传材料"), data={"attachments": len(files)})
    return request


@transaction.atomic
def request_start_review(*, request: ServiceRequest, actor) -> ServiceRequest:
    request = lock_request(request)
    permissions.require(permissions.can_handle_request(actor, request), _("只有本社区窗口人员可以预审。"))
    if request.status == S.MATERIALS_MISSING:  # only handing in the materials goes back to pre-review
        raise InvalidTransition(_("请先补正材料，补正后自动回到预审。"))
    return _move(request, actor=actor, target=S.PRE_REVIEW, title=_("开始预审"))


@transaction.atomic
def request_mark_missing(*, request: ServiceRequest, actor, missing: list[str], note: str = "") -> ServiceRequest:
    """Tell every missing item at once (一次性告知): one notice that lists them all."""
    request = lock_request(request)
    permissions.require(permissions.can_handle_request(actor, request), _("只有本社区窗口人员可以预审。"))
    missing = [m.strip() for m in missing if m and m.strip()]
    if not missing:
        raise DomainError(_("请勾选或填写所缺的全部材料。"), field="missing")
    REQUEST_FLOW.check(request.status, S.MATERIALS_MISSING)
    request.missing_materials = missing
    _move(request, actor=actor, target=S.MATERIALS_MISSING, title=_("一次性告知补正材料"),
          note="；".join(missing) + (f"。{note}" if note else ""), data={"missing": missing}, notify_status=False)
    _notify_applicant(request, events.MATERIALS_MISSING, missing="、".join(missing), note=note)
    return request


@transaction.atomic
def request_supplement(*, request: ServiceRequest, actor, files, note: str = "") -> ServiceRequest:
    """The resident (or staff for them) hands in the missing materials; the request goes back to pre-review."""
    request = lock_request(request)
    own = request.applicant_id == actor.pk
    permissions.require(own or permissions.can_work_proxy(actor, request) or permissions.can_handle_request(
        actor, request), _("只能补正自己的办件。"))
    REQUEST_FLOW.check(request.status, S.PRE_REVIEW)
    if not files:
        raise DomainError(_("请上传所缺的材料。"), field="files")
    _attach(request, files=files, actor=actor)
    request.missing_materials = []
    return _move(request, actor=actor, target=S.PRE_REVIEW, title=_("已补正材料"), note=note,
                 data={"attachments": len(files)})


@transaction.atomic
def request_accept(*, request: ServiceRequest, actor, note: str = "") -> ServiceRequest:
    """Accept: the promised limit starts counting in working days (holiday calendar)."""
    request = lock_request(request)
    permissions.require(permissions.can_handle_request(actor, request), _("只有本社区窗口人员可以受理。"))
    REQUEST_FLOW.check(request.status, S.ACCEPTED)
    request.accepted_at = timezone.now()
    request.due_date = add_working_days(timezone.localdate(), request.item.promised_days)
    return _move(request, actor=actor, target=S.ACCEPTED, title=_("受理"),
                 note=note or _("承诺 %(date)s 前办结") % {"date": request.due_date.isoformat()})


@transaction.atomic
def request_process(*, request: ServiceRequest, actor, level: str | None = None, note: str = "") -> ServiceRequest:
    """Start processing, or transfer to the street or the district (recorded on the timeline)."""
    request = lock_request(request)
    permissions.require(permissions.can_handle_request(actor, request), _("只有经办人员可以办理。"))
    if level and level not in ServiceRequest.Level.values:
        raise DomainError(_("办理层级不正确。"), field="level")
    if request.status == S.PROCESSING and (not level or level == request.handling_level):
        raise DomainError(_("办件已在办理中；转办请选择街道或区级部门。"), field="level")
    title = _("开始办理")
    if level and level != request.handling_level:
        request.handling_level = level
        title = _("转%(level)s办理") % {"level": ServiceRequest.Level(level).label}
    return _move(request, actor=actor, target=S.PROCESSING, title=title, note=note, data={"level": level or ""})


@transaction.atomic
def request_complete(*, request: ServiceRequest, actor, result: str = "") -> ServiceRequest:
    request = lock_request(request)
    permissions.require(permissions.can_handle_request(actor, request), _("只有经办人员可以办结。"))
    request.result = result
    return _move(request, actor=actor, target=S.COMPLETED, title=_("办结"), note=result)


@transaction.atomic
def request_reject(*, request: ServiceRequest, actor, reason: str) -> ServiceRequest:
    request = lock_request(request)
    permissions.require(permissions.can_handle_request(actor, request), _("只有经办人员可以作出不予受理决定。"))
    if not (reason or "").strip():
        raise DomainError(_("不予受理必须说明理由。"), field="reason")
    request.reject_reason = reason.strip()
    return _move(request, actor=actor, target=S.REJECTED, title=_("不予受理"), note=request.reject_reason)


@transaction.atomic
def request_withdraw(*, request: ServiceRequest, actor, note: str = "") -> ServiceRequest:
    request = lock_request(request)
    permissions.require(request.applicant_id == actor.pk or permissions.can_handle_request(actor, request),
                        _("只有申请人可以撤回办件。"))
    return _move(request, actor=actor, target=S.WITHDRAWN, title=_("撤回申请"), note=note)
