import pytest
from django.urls import NoReverseMatch

from spaces.models import Activity, BookingStatus, SignUpStatus
from spaces.services import (
    activity_cancel,
    activity_mark_attendance,
    activity_publish,
    activity_update_record,
    parse_appeal_numbers,
    signup_cancel,
    signup_create,
)
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from tests import factories
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(now, room, admin):
    return activity_publish(actor=admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "16:00"),
                            kind=Activity.Kind.PARENT_CHILD, title="亲子手作：灯笼", capacity=2)


def test_publishing_holds_a_booking_under_the_same_rules(activity, room, admin):
    assert activity.booking.status == BookingStatus.CONFIRMED and activity.booking.purpose == "parent_child"
    with pytest.raises(Conflict):
        activity_publish(actor=admin, room=room, start=at(TUESDAY, "15:00"), end=at(TUESDAY, "17:00"),
                         kind=Activity.Kind.LECTURE, title="讲座", capacity=5)


def test_resident_and_other_community_admin_cannot_publish(now, room, resident, other_admin):
    with pytest.raises(NotAllowed) as exc:
        activity_publish(actor=resident, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "16:00"),
                         kind=Activity.Kind.LECTURE, title="讲座", capacity=5)
    assert str(exc.value.message) == "只有社区、街道管理员可以管理场地。"
    with pytest.raises(NotAllowed) as exc:
        activity_publish(actor=other_admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "16:00"),
                         kind=Activity.Kind.LECTURE, title="讲座", capacity=5)
    assert str(exc.value.message) == "您不能管理其他社区服务中心的场地。"


def test_capacity_then_waitlist_then_promotion_on_cancel(activity):
    first, second, third, fourth = (factories.resident() for _ in range(4))
    s1 = signup_create(activity=activity, actor=first)
    signup_create(activity=activity, actor=second)
    s3 = signup_create(activity=activity, actor=third)
    s4 = signup_create(activity=activity, actor=fourth)
    assert (s1.status, s3.status, s4.status) == (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED,
                                                 SignUpStatus.WAITLISTED)
    signup_cancel(signup=s1, actor=first)
    s3.refresh_from_db()
    s4.refresh_from_db()
    assert s3.status == SignUpStatus.CONFIRMED and s4.status == SignUpStatus.WAITLISTED
    assert Notification.objects.filter(recipient=third, event="spaces.signup_promoted").count() == 1
    assert Notification.objects.filter(dedupe_key__startswith=f"spaces.signup:{s3.pk}:").count() == 2


def test_signing_up_twice_is_refused(activity, resident):
    signup_create(activity=activity, actor=resident)
    with pytest.raises(Conflict) as exc:
        signup_create(activity=activity, actor=resident)
    assert str(exc.value.message) == "您已报名该活动。"


def test_full_activity_without_waitlist_is_refused(activity):
    Activity.objects.filter(pk=activity.pk).update(waitlist=False, capacity=1)
    signup_create(activity=activity, actor=factories.resident())
    with pytest.raises(Conflict) as exc:
        signup_create(activity=activity, actor=factories.resident())
    assert str(exc.value.message) == "名额已满。"


def test_resident_may_not_cancel_someone_elses_signup(activity, resident):
    signup = signup_create(activity=activity, actor=resident)
    with pytest.raises(NotAllowed):
        signup_cancel(signup=signup, actor=factories.resident())
    signup_cancel(signup=signup, actor=resident)
    with pytest.raises(InvalidTransition):
        signup_cancel(signup=signup, actor=resident)


def test_cancelling_an_activity_frees_its_booking_and_tells_everyone(activity, admin, resident):
    signup_create(activity=activity, actor=resident)
    with pytest.raises(DomainError):
        activity_cancel(activity=activity, actor=admin, reason="")
    activity_cancel(activity=activity, actor=admin, reason="台风停课")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert activity.booking.status == BookingStatus.CANCELLED
    assert Notification.objects.filter(recipient=resident, event="spaces.activity_cancelled").exists()
    with pytest.raises(InvalidTransition):
        signup_create(activity=activity, actor=factories.resident())
    with pytest.raises(InvalidTransition):
        activity_cancel(activity=activity, actor=admin, reason="again")


def test_activity_booking_cannot_be_cancelled_on_its_own(activity, admin):
    from spaces.services import booking_cancel

    with pytest.raises(DomainError) as exc:
        booking_cancel(booking=activity.booking, actor=admin)
    assert "请取消活动" in str(exc.value.message)


def test_attendance_is_marked_by_centre_staff(activity, admin, resident, time_machine):
    other = factories.resident()
    mine = signup_create(activity=activity, actor=resident)
    signup_create(activity=activity, actor=other)
    time_machine.move_to(at(TUESDAY, "14:10"), tick=False)
    with pytest.raises(NotAllowed):
        activity_mark_attendance(activity=activity, actor=resident, attended_ids=[mine.pk])
    activity_mark_attendance(activity=activity, actor=admin, attended_ids=[mine.pk])
    assert dict(activity.signups.values_list("resident_id", "attended")) == {resident.pk: True, other.pk: False}
    activity.refresh_from_db()
    assert activity.status == Activity.Status.FINISHED


def test_deliberation_meeting_keeps_agenda_minutes_and_appeal_numbers(now, room, admin):
    meeting = activity_publish(actor=admin, room=room, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:30"),
                               kind=Activity.Kind.DELIBERATION, title="近邻客厅议事：停车难", capacity=15,
                               agenda="一、电动车充电", appeal_numbers=["YSS-20261201-0007"])
    activity_update_record(activity=meeting, actor=admin, minutes="同意增设充电桩",
                           appeal_numbers=parse_appeal_numbers("yss-20261201-0007, YSS-20261202-0011"))
    meeting.refresh_from_db()
    assert meeting.minutes == "同意增设充电桩"
    assert list(meeting.appeal_links.values_list("number", flat=True)) == ["YSS-20261201-0007", "YSS-20261202-0011"]


def test_bad_appeal_numbers_are_refused_by_name():
    with pytest.raises(DomainError) as exc:
        parse_appeal_numbers("YSS-20261201-0007 ABC-1")
    assert str(exc.value.message) == "诉求编号格式应为 YSS-YYYYMMDD-NNNN：ABC-1"


def test_appeal_links_work_without_the_appeals_route(monkeypatch):
    from spaces.views import common

    def missing(*args, **kwargs):
        raise NoReverseMatch("no appeals app")

    monkeypatch.setattr(common, "reverse", missing)
    assert common.appeal_url("YSS-20261201-0007") is None


def test_every_signup_and_activity_change_writes_a_history_row(activity, admin, resident, time_machine):
    from spaces.models import ActivityChange, SignUpChange

    first = signup_create(activity=activity, actor=resident)
    second = signup_create(activity=activity, actor=factories.resident())
    waiting = signup_create(activity=activity, actor=factories.resident())
    signup_cancel(signup=first, actor=resident)
    assert list(SignUpChange.objects.filter(signup=first).values_list("from_status", "to_status", "actor")) == [
        ("", "confirmed", resident.pk), ("confirmed", "cancelled", resident.pk)]
    assert list(SignUpChange.objects.filter(signup=waiting).values_list("from_status", "to_status", "actor", "note")) == [
        ("", "waitlisted", waiting.resident_id, ""), ("waitlisted", "confirmed", None, "候补递补")]
    activity_cancel(activity=activity, actor=admin, reason="台风停课")
    assert list(ActivityChange.objects.filter(activity=activity).values_list("from_status", "to_status", "note")) == [
        ("", "published", ""), ("published", "cancelled", "台风停课")]
    assert SignUpChange.objects.filter(signup=second, to_status="cancelled", actor=admin, note="活动取消").exists()
