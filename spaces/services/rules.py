"""The booking rules, in the order a person would want to hear them.

Each check raises with the exact reason. A range that is wrong in itself (end not after start,
across midnight) is a DomainError (400); a range refused by the clock (notice) is an
InvalidTransition and one refused by the room, its calendar or other bookings a Conflict (both 409:
each value is valid, the state of things refuses it; docs/api.md). `check_booking` runs them all for one time range;
the booking service calls it inside its transaction after locking the room.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from grid.selectors import opening_periods_on
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition

from ..calendar import holiday_closes, occurrences_on
from ..models import ACTIVE_STATUSES, Booking, Function, Room
from ..permissions import is_staff, require_may_book


def _hm(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def check_range(start: datetime.datetime, end: datetime.datetime) -> None:
    if start is None or end is None:
        raise DomainError(_("请填写开始和结束时间。"), field="start")
    if end < start:
        raise DomainError(_("结束时间早于开始时间。"), field="end")
    if end == start:
        raise DomainError(_("预约时长不能为零。"), field="end")
    if timezone.localtime(start).date() != timezone.localtime(end - datetime.timedelta(microseconds=1)).date():
        raise DomainError(_("预约不能跨天，请分开预约。"), field="end")


def check_notice_and_duration(room: Room, start, end, *, now) -> None:
    if start < now + datetime.timedelta(hours=room.min_notice_hours):
        raise InvalidTransition(_("提前时间不足：该房间至少需提前 %(hours)d 小时预约。") % {"hours": room.min_notice_hours},
                                field="start")
    if start > now + datetime.timedelta(days=room.max_notice_days):
        raise InvalidTransition(_("太早了：该房间最多只能提前 %(days)d 天预约。") % {"days": room.max_notice_days},
                                field="start")
    minutes = (end - start).total_seconds() / 60
    if minutes < room.min_duration_minutes:
        raise Conflict(_("时长太短：该房间每次至少预约 %(m)d 分钟。") % {"m": room.min_duration_minutes},
                       field="end")
    if minutes > room.max_duration_minutes:
        raise Conflict(_("时长太长：该房间每次最多预约 %(m)d 分钟。") % {"m": room.max_duration_minutes},
                       field="end")


def check_opening_hours(room: Room, start, end) -> None:
    if not room.follows_centre_hours:
        return
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    holiday = holiday_closes(room, local_start.date())
    if holiday:
        raise Conflict(_("%(day)s 是法定节假日（%(name)s），服务中心不开放。") % {
            "day": local_start.strftime("%Y-%m-%d"), "name": holiday}, field="start", extra={"reason": "holiday"})
    for period in opening_periods_on(room.centre, local_start.date()):
        if period.opens <= local_start.time() and (local_end.time() <= period.closes):
            return
    raise Conflict(_("不在服务中心开放时间内（%(day)s）。") % {"day": local_start.strftime("%Y-%m-%d")},
                   field="start", extra={"reason": "closed"})


def check_slice(room: Room, start, end, purpose: str) -> None:
    day = timezone.localtime(start).date()
    covering = [o for o in occurrences_on(room, day) if o.start <= start and end <= o.end]
    if not covering:
        raise Conflict(_("该时间段不在房间开放的任何时段内。"), extra={"reason": "no_slice"})
    if not any(o.fits(purpose) for o in covering):
        occ = covering[0]
        raise Conflict(
            _("%(start)s–%(end)s 用于“%(function)s”，与预约用途“%(purpose)s”不符。") % {
                "start": _hm(occ.start), "end": _hm(occ.end), "function": occ.function_label,
                "purpose": Function(purpose).label},
            extra={"reason": "slice_mismatch"})


def check_quota(room: Room, actor, start, *, exclude_pk=None, extra_in_week: int = 0) -> None:
    """A resident's weekly quota counts their active bookings in every room of the room's centre
    (Monday to Sunday of the booking's week), against the quota of the room being booked: a
    resident who reached it cannot go on booking the next room along."""
    if is_staff(actor) or not room.weekly_quota:
        return
    day = timezone.localtime(start).date()
    monday = day - datetime.timedelta(days=day.weekday())
    week_start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    count = (Booking.objects.filter(room__centre_id=room.centre_id, booker=actor, status__in=ACTIVE_STATUSES,
                                    start__gte=week_start, start__lt=week_start + datetime.timedelta(days=7))
             .exclude(pk=exclude_pk).count())
    if count + extra_in_week >= room.weekly_quota:
        raise Conflict(_("超出限额：每位居民每周在本服务中心最多预约 %(n)d 次。") % {"n": room.weekly_quota},
                       extra={"reason": "over_quota"})


def blocked_until(room: Room, end):
    return end + datetime.timedelta(minutes=room.buffer_minutes)


def check_free(room: Room, start, end, *, exclude_pk=None) -> None:
    until = blocked_until(room, end)
    clash = (Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES, start__lt=until, blocked_until__gt=start)
             .exclude(pk=exclude_pk).order_by("start").first())
    if clash is not None:
        if room.buffer_minutes:
            message = _("该时间已被占用：%(start)s–%(end)s 已有预约（前后需间隔 %(buffer)d 分钟）。")
        else:
            message = _("该时间已被占用：%(start)s–%(end)s 已有预约。")
        raise Conflict(message % {"start": _hm(clash.start), "end": _hm(clash.end), "buffer": room.buffer_minutes},
                       extra={"reason": "taken"})


def check_booking(*, room: Room, actor, start, end, purpose: str, organisation: str = "", now=None,
                  exclude_pk=None, extra_in_week: int = 0) -> None:
    """Every rule for one range; raises the first broken one."""
    now = now or timezone.now()
    check_range(start, end)
    require_may_book(actor, room, organisation=organisation)
    if purpose not in Function.values:
        raise DomainError(_("请选择用途。"), field="purpose")
    check_notice_and_duration(room, start, end, now=now)
    check_opening_hours(room, start, end)
    check_slice(room, start, end, purpose)
    check_quota(room, actor, start, exclude_pk=exclude_pk, extra_in_week=extra_in_week)
    check_free(room, start, end, exclude_pk=exclude_pk)
