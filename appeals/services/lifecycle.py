"""Every move of an appeal after it was filed: one transition function, one history row each.

Each action locks the appeal row, checks the actor's permission and the state table
(workflow.APPEAL_FLOW), changes the row, writes an AppealEvent and queues notifications, all in
one transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed

from .. import events
from ..conf import reopen_days
from ..models import Appeal, AppealEvent, AppealPhoto, Level
from ..permissions import can_handle, can_route, is_owner
from ..workflow import APPEAL_FLOW, Status
from . import notices
from .route import enter_level, next_level, reachable
from .submit import clean_photos

Kind = AppealEvent.Kind


def lock_appeal(appeal: Appeal) -> Appeal:
    """The appeal re-read under a row lock (with what the permission checks read), for one move.

    Public because the deadline sweeps (deadlines.py) move appeals too and must lock the same way.
    """
    return (Appeal.objects.select_for_update(of=("self",))
            .select_related("category", "grid__community", "community", "street", "registry_resident",
                            "submitter").get(pk=appeal.pk))


def appeal_record_event(appeal, *, actor, kind, text="", public=True, from_status="", to_status="") -> AppealEvent:
    """Write one row of the appeal's timeline at its current level (deadlines.py records breaches)."""
    return AppealEvent.objects.create(appeal=appeal, actor=actor, kind=kind, from_status=from_status,
                                      to_status=to_status, level=appeal.level, public=public, note=text)


def appeal_transition(*, appeal: Appeal, target: str, actor, text: str = "", kind: str = Kind.TRANSITION,
                      public: bool = True) -> Appeal:
    """Move a locked appeal to `target` if the table allows it, and write the history row.

    Callers hold the row lock (they called `lock_appeal`), have checked permission, and set any
    fields that belong to the move before or after.
    """
    APPEAL_FLOW.check(appeal.status, target)
    source = appeal.status
    appeal.status = target
    appeal.save()
    appeal_record_event(appeal, actor=actor, kind=kind, text=text, public=public, from_status=source,
                        to_status=target)
    return appeal


def _require_handler(actor, appeal) -> None:
    if not can_handle(actor, appeal):
        raise NotAllowed(_("只有当前承办层级（%(holder)s）或其上级可以处理这件诉求。") % {"holder": appeal.holder_unit})


def _require_owner(actor, appeal) -> None:
    if not is_owner(actor, appeal):
        raise NotAllowed(_("只有提交诉求的居民本人可以这样做。"))


def _require_text(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def appeal_accept(*, appeal: Appeal, actor) -> Appeal:
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        APPEAL_FLOW.check_action("accept", appeal.status)
        appeal.accepted_at = appeal.accepted_at or timezone.now()
        return appeal_transition(appeal=appeal, target=Status.ACCEPTED, actor=actor,
                                 text=_("%(holder)s已受理。") % {"holder": appeal.holder_unit})


def appeal_start(*, appeal: Appeal, actor) -> Appeal:
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        APPEAL_FLOW.check_action("start", appeal.status)
        return appeal_transition(appeal=appeal, target=Status.IN_PROGRESS, actor=actor, text=_("开始办理。"))


def appeal_reply(*, appeal: Appeal, actor, text: str, resolve: bool = False, photos=()) -> Appeal:
    """A public reply to the resident; with resolve=True it is the answer that ends the handling."""
    text = _require_text(text, "text", _("请填写答复内容。"))
    cleaned = clean_photos(photos)
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        now = timezone.now()
        APPEAL_FLOW.check_action("reply", appeal.status)
        appeal.first_reply_at = appeal.first_reply_at or now
        for photo in cleaned:
            AppealPhoto.objects.create(appeal=appeal, kind=AppealPhoto.Kind.RESULT, image=photo, uploaded_by=actor)
        if resolve:
            appeal.resolved_at = now
            appeal_transition(appeal=appeal, target=Status.REPLIED, actor=actor, text=text, kind=Kind.REPLY)
        else:
            if appeal.status == Status.ACCEPTED:
                appeal_transition(appeal=appeal, target=Status.IN_PROGRESS, actor=actor, text=_("开始办理。"))
            else:
                appeal.save(update_fields=["first_reply_at", "updated_at"])
            appeal_record_event(appeal, actor=actor, kind=Kind.REPLY, text=text, public=True)
        notices.tell_resident(appeal, events.REPLIED, text=text[:200])
        return appeal


def appeal_add_note(*, appeal: Appeal, actor, text: str) -> AppealEvent:
    """An internal note: staff only, never shown to the resident."""
    text = _require_text(text, "text", _("请填写备注内容。"))
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        return appeal_record_event(appeal, actor=actor, kind=Kind.NOTE, text=text, public=False)


def appeal_request_info(*, appeal: Appeal, actor, text: str) -> Appeal:
    text = _require_text(text, "text", _("请说明需要居民补充什么。"))
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        appeal_transition(appeal=appeal, target=Status.INFO_REQUESTED, actor=actor, text=text)
        notices.tell_resident(appeal, events.INFO_REQUESTED, text=text[:200])
        return appeal


def appeal_add_info(*, appeal: Appeal, actor, text: str = "", photos=()) -> Appeal:
    """The resident answers a request for information: back to the handler (or the queue)."""
    cleaned = clean_photos(photos)
    if not (text or "").strip() and not cleaned:
        raise ValidationError({"text": _("请填写补充的信息或上传照片。")})
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_owner(actor, appeal)
        APPEAL_FLOW.check_action("add_info", appeal.status)
        for photo in cleaned:
            AppealPhoto.objects.create(appeal=appeal, kind=AppealPhoto.Kind.REPORT, image=photo, uploaded_by=actor)
        target = Status.ACCEPTED if appeal.accepted_at else Status.SUBMITTED
        appeal_transition(appeal=appeal, target=target, actor=actor, text=(text or "").strip(), kind=Kind.INFO_ADDED)
        notices.tell_holders(appeal, events.ASSIGNED)
        return appeal


def _move_level(appeal, *, level, actor, kind, reason, public_text) -> Appeal:
    source = appeal.status
    APPEAL_FLOW.check(source, Status.SUBMITTED)
    enter_level(appeal, level)
    appeal.status = Status.SUBMITTED
    appeal.save()
    appeal_record_event(appeal, actor=actor, kind=kind, text=public_text, public=True, from_status=source,
            to_status=Status.SUBMITTED)
    if reason:
        appeal_record_event(appeal, actor=actor, kind=Kind.NOTE, text=reason, public=False)
    notices.tell_holders(appeal, events.ESCALATED, reason=(reason or "-")[:100],
                         due=notices.due_text(appeal.accept_due))
    return appeal


def appeal_escalate(*, appeal: Appeal, actor, reason: str, system: bool = False) -> Appeal:
    """One level up (grid › community › street › district). `system` is the deadline sweep."""
    reason = _require_text(reason, "reason", _("请说明上报原因。"))
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        if not system:
            _require_handler(actor, appeal)
        level = next_level(appeal)
        if level is None:
            raise DomainError(_("已经是最高层级（区职能部门），不能再上报。"))
        return _move_level(appeal, level=level, actor=actor, kind=Kind.ESCALATED, reason=reason,
                           public_text=_("已上报至%(level)s。") % {"level": Level(level).label})


def appeal_route(*, appeal: Appeal, actor, level: str, reason: str = "") -> Appeal:
    """An admin sends the case straight to a level (down or up), with fresh deadlines."""
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        if not can_route(actor, appeal):
            raise NotAllowed(_("只有社区、街道或区级管理员可以指派层级。"))
        if level not in Level.values:
            raise ValidationError({"level": _("请选择网格、社区、街道或区级。")})
        if not reachable(appeal, level):  # a real level this case has no unit at (no grid): its state, 409
            raise InvalidTransition(_("这件诉求没有对应的%(level)s单位。") % {"level": Level(level).label}, field="level")
        if level == appeal.level:
            raise InvalidTransition(_("诉求已在该层级。"), field="level")  # 409: the state, not the input
        return _move_level(appeal, level=level, actor=actor, kind=Kind.ROUTED, reason=reason,
                           public_text=_("已指派至%(level)s办理。") % {"level": Level(level).label})


def appeal_decline(*, appeal: Appeal, actor, reason: str) -> Appeal:
    reason = _require_text(reason, "reason", _("不予受理必须说明理由。"))
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        appeal.decline_reason = reason
        appeal.closed_at = timezone.now()
        appeal_transition(appeal=appeal, target=Status.DECLINED, actor=actor, text=reason)
        notices.tell_resident(appeal, events.DECLINED, text=reason[:200])
        return appeal


def appeal_merge(*, appeal: Appeal, into: Appeal, actor) -> Appeal:
    """The duplicate follows the main case; its resident is told which number to follow."""
    if appeal.pk == into.pk:
        raise DomainError(_("不能把诉求合并到它自己。"))
    with transaction.atomic():
        main = Appeal.objects.select_for_update().get(pk=into.pk)
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        if not can_handle(actor, main) and not can_route(actor, main):
            raise NotAllowed(_("您无权处理被合并的主诉求 %(number)s。") % {"number": main.number})
        if main.status in (Status.MERGED, Status.DECLINED):
            raise Conflict(_("主诉求 %(number)s 已合并或不予受理，请选择其他诉求。") % {"number": main.number})
        appeal.merged_into = main
        appeal.closed_at = timezone.now()
        appeal_transition(appeal=appeal, target=Status.MERGED, actor=actor, kind=Kind.MERGED,
                          text=_("与诉求 %(main)s 合并办理。") % {"main": main.number})
        appeal_record_event(main, actor=actor, kind=Kind.MERGED, public=False,
                text=_("并入重复诉求 %(number)s。") % {"number": appeal.number})
        notices.tell_resident(appeal, events.MERGED, main=main.number)
        return appeal


def _stars(rating) -> int:
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("请选择 1 到 5 星。")})
    return rating


def _close_rated(appeal: Appeal, *, actor, rating: int, comment: str, text: str, recorded_by=None) -> None:
    """Close a replied case with its rating (the resident's own, or the one staff recorded for them)."""
    APPEAL_FLOW.check_action("rate", appeal.status)
    now = timezone.now()
    appeal.rating, appeal.rating_comment, appeal.rated_at = rating, comment, now
    appeal.rating_recorded_by, appeal.closed_at, appeal.closed_unrated = recorded_by, now, False
    appeal_transition(appeal=appeal, target=Status.CLOSED, actor=actor, kind=Kind.RATED, text=text)


def appeal_rate(*, appeal: Appeal, actor, rating: int, comment: str = "") -> Appeal:
    """The resident confirms the answer with 1–5 stars: the case closes. Rating twice is refused."""
    rating, comment = _stars(rating), (comment or "").strip()
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_owner(actor, appeal)
        if appeal.rated_at is not None:
            raise Conflict(_("这件诉求您已经评价过了。"))
        _close_rated(appeal, actor=actor, rating=rating, comment=comment,
                     text=_("评价 %(n)d 星。%(comment)s") % {"n": rating, "comment": comment})
        notices.tell_resident(appeal, events.CLOSED, text=_("感谢您的评价。"))
        return appeal


CONTACT_METHODS = {"phone": gettext_lazy("电话"), "visit": gettext_lazy("上门"), "window": gettext_lazy("窗口")}


def _contact_method(method: str) -> str:
    if method not in CONTACT_METHODS:
        raise ValidationError({"method": _("请选择联系方式（电话、上门或窗口）。")})
    return str(CONTACT_METHODS[method])


def appeal_record_contact(*, appeal: Appeal, actor, method: str, note: str) -> AppealEvent:
    """The handler told the resident in person or by phone (people without an account or a mobile
    number hear the answer this way); shown in the timeline the resident can see."""
    how = _contact_method(method)
    note = _require_text(note, "note", _("请记录联系的情况，例如已告知答复内容。"))
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        return appeal_record_event(appeal, actor=actor, kind=Kind.CONTACTED, public=True,
                                   text=_("%(how)s联系居民：%(note)s") % {"how": how, "note": note})


def appeal_record_satisfaction(*, appeal: Appeal, actor, rating: int, method: str, comment: str = "") -> Appeal:
    """For a resident without an account, the handler records the satisfaction they gave on the phone or
    at the door, and the case closes as if they had rated it (rating_recorded_by says who recorded it)."""
    from .notices import residents_of

    how = _contact_method(method)
    rating, comment = _stars(rating), (comment or "").strip()
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        if residents_of(appeal):
            raise NotAllowed(_("这位居民有账号，请由居民本人评价。"))
        _close_rated(appeal, actor=actor, rating=rating, comment=comment, recorded_by=actor,
                     text=_("%(how)s回访：居民评价 %(n)d 星。%(comment)s") % {"how": how, "n": rating, "comment": comment})
        return appeal


def appeal_reopen(*, appeal: Appeal, actor, reason: str) -> Appeal:
    """The resident is not satisfied: within the reopen window the same level handles it again."""
    reason = _require_text(reason, "reason", _("请说明需要重新办理的原因。"))
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_owner(actor, appeal)
        APPEAL_FLOW.check_action("reopen", appeal.status)
        if appeal.resolved_at is None:  # closed without an answer (merged into a case that was declined…)
            raise InvalidTransition(APPEAL_FLOW.actions["reopen"].refusal)
        if timezone.now() > appeal.resolved_at + datetime.timedelta(days=reopen_days()):
            raise InvalidTransition(_("已超过 %(days)d 天的重新办理期限，请提交新的诉求。") % {"days": reopen_days()})
        appeal.rating = None
        appeal.rated_at = None
        appeal.rating_comment = ""
        appeal.closed_at = None
        appeal.closed_unrated = False
        appeal.resolved_at = None
        enter_level(appeal, appeal.level)
        appeal_transition(appeal=appeal, target=Status.IN_PROGRESS, actor=actor, text=reason)
        notices.tell_holders(appeal, events.ASSIGNED)
        return appeal


def appeal_change_category(*, appeal: Appeal, actor, category) -> Appeal:
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _require_handler(actor, appeal)
        APPEAL_FLOW.check_action("change_category", appeal.status)
        old = appeal.category.name if appeal.category_id else _("未分类")
        appeal.category = category
        appeal.save(update_fields=["category", "updated_at"])
        appeal_record_event(appeal, actor=actor, kind=Kind.CATEGORY, public=True,
                text=_("分类由“%(old)s”调整为“%(new)s”。") % {"old": old, "new": category.name})
        return appeal
