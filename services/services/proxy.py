"""Proxy handling (无偿代办): assignment and register → handle → reply → hand over → confirm."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.exceptions import DomainError
from taijiang.notifications.services import notify

from .. import events, permissions
from ..models import ProxyStatus, ServiceRequest
from ..workflow import PROXY_FLOW
from .requests import lock_request, request_record_event

P = ProxyStatus


@transaction.atomic
def proxy_assign(*, request: ServiceRequest, assignee, actor) -> ServiceRequest:
    request = lock_request(request)
    if not request.is_proxy:
        raise DomainError(_("该办件不是代办件。"))
    self_assign = assignee.pk == actor.pk and permissions.can_be_assignee(actor, request)
    permissions.require(self_assign or permissions.can_handle_request(actor, request),
                        _("只有本社区窗口人员可以分派代办任务。"))
    if not permissions.can_be_assignee(assignee, request):
        raise DomainError(_("%(name)s 不负责该居民所在的社区或网格，不能分派。") % {"name": assignee.name},
                          field="assignee")
    if request.proxy_status == P.CONFIRMED:
        raise DomainError(_("代办已结束。"))
    request.assignee = assignee
    request.save(update_fields=["assignee", "updated_at"])
    request_record_event(request, actor=actor, title=_("分派代办人"), note=assignee.name, proxy_status=request.proxy_status)
    notify(recipient=assignee, event=events.PROXY_ASSIGNED,
           context={"number": request.number, "item": request.item.name, "applicant": request.applicant_name},
           link=reverse("services:request_detail", args=[request.pk]))
    return request


@transaction.atomic
def proxy_advance(*, request: ServiceRequest, actor, target: str, note: str = "") -> ServiceRequest:
    request = lock_request(request)
    permissions.require(permissions.can_work_proxy(actor, request), _("只有代办人或本社区窗口人员可以办理代办。"))
    PROXY_FLOW.check(request.proxy_status, target)
    if target == P.HANDLING and request.assignee_id is None:
        raise DomainError(_("请先分派代办人。"))
    if target == P.HANDED_OVER and request.is_open:
        raise DomainError(_("办件办结（或不予受理）后才能送达结果。"))
    if target == P.CONFIRMED:
        raise DomainError(_("请使用签收确认。"))
    request.proxy_status = target
    request.save(update_fields=["proxy_status", "updated_at"])
    request_record_event(request, actor=actor, title=PROXY_FLOW.label(target), note=note, proxy_status=target)
    return request


@transaction.atomic
def proxy_confirm(*, request: ServiceRequest, actor, confirmed_by_name: str = "") -> ServiceRequest:
    """The resident confirms receipt, or staff record the resident's confirmation."""
    request = lock_request(request)
    own = request.applicant_id is not None and request.applicant_id == actor.pk
    permissions.require(own or permissions.can_work_proxy(actor, request), _("只有申请人或代办人可以确认签收。"))
    PROXY_FLOW.check(request.proxy_status, P.CONFIRMED)
    name = actor.name if own else (confirmed_by_name or "").strip()
    if not name:
        raise DomainError(_("请填写签收人姓名。"), field="confirmed_by_name")
    request.proxy_status = P.CONFIRMED
    request.confirmed_by_name = name
    request.confirmed_at = timezone.now()
    request.save(update_fields=["proxy_status", "confirmed_by_name", "confirmed_at", "updated_at"])
    request_record_event(request, actor=actor, title=_("结果已签收确认"), note=name, proxy_status=P.CONFIRMED,
                         data={"by_resident": own})
    return request
