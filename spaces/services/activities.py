"""Activities: publish (holding a booking), sign up, waitlist with promotion, attendance,
cancellation, and the deliberation meeting's agenda, minutes and linked appeals."""

import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.core.http import parse_ids
from taijiang.notifications.services import notify

from .. import events
from ..models import Activity, ActivityAppealLink, ActivityChange, Room, SignUp, SignUpChange, SignUpStatus
from ..models.activities import APPEAL_NUMBER_RE
from ..permissions import can_run_centre, require_manage
from ..workflow import ACTIVITY_FLOW, SIGNUP_FLOW
from . import reminders
from .bookings import booking_cancel, booking_create

LIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)


def _context(activity: Activity) -> dict:
    return reminders.booking_context(activity.booking) | {"title": activity.title}


def _link(activity: Activity) -> str:
    return reverse("spaces:activity_detail", args=[activity.pk])


def _lock_activity(activity_id: int) -> Activity:
    return (Activity.objects.select_for_update(of=("self",)).select_related("booking__room__centre")
            .get(pk=activity_id))


def _signup_to(signup: SignUp, target: str, actor, note: str = "") -> SignUp:
    """Move a sign-up along SIGNUP_FLOW and write its history row (caller holds the activity lock)."""
    SIGNUP_FLOW.check(signup.status, target)
    previous = signup.status
    signup.status = target
    signup.sequence += 1
    signup.save(update_fields=["status", "sequence", "updated_at"])
    SignUpChange.objects.create(signup=signup, from_status=previous, to_status=target, actor=actor, note=note[:200])
    return signup


def _activity_to(activity: Activity, target: str, actor, note: str = "") -> Activity:
    ACTIVITY_FLOW.check(activity.status, target)
    previous = activity.status
    activity.status = target
    activity.save(update_fields=["status"])
    ActivityChange.objects.create(activity=activity, from_status=previous, to_status=target, actor=actor,
                                  note=note[:200])
    return activity


def parse_appeal_numbers(text: str) -> list[str]:
    numbers = sorted({n.strip().upper() for n in re.split(r"[\s,，、;；]+", text or "") if n.strip()})
    bad = [n for n in numbers if not re.match(APPEAL_NUMBER_RE, n)]
    if bad:
        raise DomainError(_("诉求编号格式应为 YSS-YYYYMMDD-NNNN：%(bad)s") % {"bad": "、".join(bad)},
                          field="appeal_numbers")
    return numbers


def activity_publish(*, actor, room: Room, start, end, kind: str, title: str, capacity: int,
                     description: str = "", agenda: str = "", waitlist: bool = True,
                     appeal_numbers: list[str] | None = None) -> Activity:
    """Staff publish an activity: its booking is made under the same rules as anyone's."""
    require_manage(actor, room.centre)
    if kind not in Activity.Kind.values:
        raise DomainError(_("请选择活动类型。"), field="kind")
    if capacity is None or capacity < 1:
        raise DomainError(_("名额至少为 1。"), field="capacity")
    if capacity > room.capacity:
        raise DomainError(_("名额超过房间容量（%(n)d 人）。") % {"n": room.capacity}, field="capacity")
    numbers = appeal_numbers or []
    with transaction.atomic():
        booking = booking_create(room=room, actor=actor, start=start, end=end, purpose=kind, title=title,
                                 attendees=capacity)
        activity = Activity.objects.create(
            booking=booking, kind=kind, title=title.strip(), description=description, capacity=capacity,
            waitlist=waitlist, agenda=agenda, organiser=actor)
        ActivityChange.objects.create(activity=activity, to_status=activity.status, actor=actor)
        ActivityAppealLink.objects.bulk_create([ActivityAppealLink(activity=activity, number=n) for n in numbers])
    return activity


def activity_update_record(*, activity: Activity, actor, agenda: str | None = None, minutes: str | None = None,
                           appeal_numbers: list[str] | None = None) -> Activity:
    """Agenda before, minutes after, and the appeals a deliberation meeting discussed."""
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        require_manage(actor, activity.booking.room.centre)
        fields = []
        if agenda is not None:
            activity.agenda = agenda
            fields.append("agenda")
        if minutes is not None:
            activity.minutes = minutes
            fields.append("minutes")
        if fields:
            activity.save(update_fields=fields)
        if appeal_numbers is not None:
            activity.appeal_links.exclude(number__in=appeal_numbers).delete()
            have = set(activity.appeal_links.values_list("number", flat=True))
            ActivityAppealLink.objects.bulk_create(
                [ActivityAppealLink(activity=activity, number=n) for n in appeal_numbers if n not in have])
    return activity


def signup_create(*, activity: Activity, actor) -> SignUp:
    """Sign up: a place while there is one, else the waitlist (if the activity keeps one)."""
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        if activity.status != Activity.Status.PUBLISHED:
            raise InvalidTransition(_("该活动不在报名中。"))
        if activity.booking.start <= timezone.now():
            raise DomainError(_("活动已开始，不能报名。"))
        if activity.signups.filter(resident=actor, status__in=LIVE).exists():
            raise Conflict(_("您已报名该活动。"))
        confirmed = activity.signups.filter(status=SignUpStatus.CONFIRMED).count()
        if confirmed < activity.capacity:
            status = SignUpStatus.CONFIRMED
        elif activity.waitlist:
            status = SignUpStatus.WAITLISTED
        else:
            raise Conflict(_("名额已满。"), extra={"reason": "full"})
        signup = SignUp.objects.create(activity=activity, resident=actor, status=status)
        SignUpChange.objects.create(signup=signup, to_status=status, actor=actor)
        if status == SignUpStatus.CONFIRMED:
            notify(recipient=actor, event=events.SIGNUP_CONFIRMED, context=_context(activity), link=_link(activity))
            reminders.schedule_signup_reminders(signup)
        else:
            notify(recipient=actor, event=events.SIGNUP_WAITLISTED, context=_context(activity), link=_link(activity))
    return signup


def _promote_next(activity: Activity) -> SignUp | None:
    """Give a freed place to the longest-waiting resident (recorded as done by the system, actor
    None: the resident who cancelled did not choose who moves up). Caller holds the activity's lock."""
    if activity.signups.filter(status=SignUpStatus.CONFIRMED).count() >= activity.capacity:
        return None
    waiting = activity.signups.filter(status=SignUpStatus.WAITLISTED).order_by("created_at", "pk").first()
    if waiting is None:
        return None
    _signup_to(waiting, SignUpStatus.CONFIRMED, None, _("候补递补"))
    notify(recipient=waiting.resident, event=events.SIGNUP_PROMOTED, context=_context(activity),
           link=_link(activity))
    reminders.schedule_signup_reminders(waiting)
    return waiting


def signup_cancel(*, signup: SignUp, actor) -> SignUp:
    """Withdraw; if that frees a place, the first on the waitlist gets it (under the activity's lock)."""
    with transaction.atomic():
        activity = _lock_activity(signup.activity_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.resident_id != actor.pk:
            raise NotAllowed(_("只能取消自己的报名。"))
        if signup.status not in LIVE:
            raise InvalidTransition(_("该报名已取消。"))
        _signup_to(signup, SignUpStatus.CANCELLED, actor)
        reminders.cancel_signup_reminders(signup)
        if activity.status == Activity.Status.PUBLISHED:
            _promote_next(activity)
    return signup


def activity_mark_attendance(*, activity: Activity, actor, attended_ids) -> int:
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        if not can_run_centre(actor, activity.booking.room.centre):
            raise NotAllowed(_("只有本中心工作人员可以登记到场。"))
        # Ids come from checkboxes: anything that is not a number is not a sign-up of this activity.
        attended_ids = set(parse_ids(attended_ids))
        confirmed = activity.signups.filter(status=SignUpStatus.CONFIRMED)
        confirmed.filter(pk__in=attended_ids).update(attended=True)
        confirmed.exclude(pk__in=attended_ids).update(attended=False)
        if activity.status == Activity.Status.PUBLISHED and activity.booking.start <= timezone.now():
            _activity_to(activity, Activity.Status.FINISHED, actor)
        return len(attended_ids)


def activity_cancel(*, activity: Activity, actor, reason: str) -> Activity:
    if not reason.strip():
        raise DomainError(_("请填写取消原因。"), field="reason")
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        require_manage(actor, activity.booking.room.centre)
        if activity.status != Activity.Status.PUBLISHED:
            raise InvalidTransition(_("该活动不能再取消。"))
        _activity_to(activity, Activity.Status.CANCELLED, actor, reason.strip())
        booking_cancel(booking=activity.booking, actor=actor, reason=reason, _by_activity=True)
        for signup in activity.signups.filter(status__in=LIVE).select_related("resident"):
            _signup_to(signup, SignUpStatus.CANCELLED, actor, _("活动取消"))
            reminders.cancel_signup_reminders(signup)
            notify(recipient=signup.resident, event=events.ACTIVITY_CANCELLED,
                   context=_context(activity) | {"note": reason.strip()}, link=_link(activity))
    return activity
