import datetime

import pytest

from spaces.models import Activity, Function
from spaces.services import activity_publish, booking_cancel, booking_create, booking_move, signup_create
from taijiang.notifications.channels import LoggingSmsBackend
from taijiang.notifications.models import Notification
from taijiang.notifications.services import sweep_outbox_now
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db(transaction=True)


def test_booking_reminders_are_sent_exactly_once_each(now, room, resident, time_machine):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                             purpose=Function.GENERAL, title="读书会")
    keys = set(Notification.objects.filter(event="spaces.booking_reminder").values_list("dedupe_key", flat=True))
    assert keys == {f"spaces.booking:{booking.pk}:202612081900:24h", f"spaces.booking:{booking.pk}:202612081900:1h"}
    LoggingSmsBackend.sent.clear()
    assert sweep_outbox_now() == 0  # nothing due yet
    time_machine.move_to(at(TUESDAY, "18:01"), tick=False)  # both the 24 h and the 1 h reminder are due
    assert sweep_outbox_now() == 2
    assert sweep_outbox_now() == 0  # a second sweep (a restarted worker) sends nothing again
    assert len(LoggingSmsBackend.sent) == 2
    assert all("场地预约提醒" in text for _phone, text in LoggingSmsBackend.sent)


def test_cancelled_booking_reminders_are_never_sent(now, room, resident, time_machine):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                             purpose=Function.GENERAL, title="读书会")
    booking_cancel(booking=booking, actor=resident)
    LoggingSmsBackend.sent.clear()
    time_machine.move_to(at(TUESDAY, "19:30"), tick=False)
    sweep_outbox_now()
    sweep_outbox_now()
    assert LoggingSmsBackend.sent == []


def test_moved_booking_reminds_at_the_new_time(now, room, resident, time_machine):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                             purpose=Function.GENERAL, title="读书会")
    booking_move(booking=booking, actor=resident, start=at(TUESDAY, "16:00"), end=at(TUESDAY, "17:00"))
    one_hour = Notification.objects.get(dedupe_key=f"spaces.booking:{booking.pk}:202612081600:1h")
    assert one_hour.send_after == at(TUESDAY, "15:00") and one_hour.status == Notification.Status.ACTIVE
    LoggingSmsBackend.sent.clear()
    time_machine.move_to(at(TUESDAY, "15:01"), tick=False)
    assert sweep_outbox_now() == 2
    time_machine.move_to(at(TUESDAY, "18:30"), tick=False)
    assert sweep_outbox_now() == 0


def test_signups_get_their_own_reminders_once(now, room, resident, admin, time_machine):
    activity = activity_publish(actor=admin, room=room, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:30"),
                                kind=Activity.Kind.LECTURE, title="防诈骗讲座", capacity=10)
    room.slices.update(function=Function.GENERAL)
    signup = signup_create(activity=activity, actor=resident)
    assert Notification.objects.filter(dedupe_key__startswith=f"spaces.signup:{signup.pk}:").count() == 2
    LoggingSmsBackend.sent.clear()
    time_machine.move_to(at(TUESDAY, "18:05") + datetime.timedelta(minutes=1), tick=False)
    sweep_outbox_now()
    sweep_outbox_now()
    texts = [text for phone, text in LoggingSmsBackend.sent if phone == resident.phone]
    assert len(texts) == 2 and all("活动提醒" in t for t in texts)


def test_booking_moved_after_its_24h_reminder_was_sent_is_reminded_again_for_the_new_time(
        now, room, resident, time_machine):
    booking = booking_create(room=room, actor=resident, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                             purpose=Function.GENERAL, title="读书会")
    LoggingSmsBackend.sent.clear()
    time_machine.move_to(at(TUESDAY, "19:01") - datetime.timedelta(days=1), tick=False)  # Monday 19:01
    assert sweep_outbox_now() == 1  # the 24 h reminder for Tuesday 19:00
    next_tuesday = TUESDAY + datetime.timedelta(weeks=1)
    booking_move(booking=booking, actor=resident, start=at(next_tuesday, "19:00"), end=at(next_tuesday, "20:00"))
    time_machine.move_to(at(next_tuesday, "18:30"), tick=False)
    assert sweep_outbox_now() == 2  # both reminders for the new time
    assert sweep_outbox_now() == 0
    assert len(LoggingSmsBackend.sent) == 3


def test_moving_an_activity_moves_the_reminders_of_everyone_signed_up(now, room, resident, admin, time_machine):
    activity = activity_publish(actor=admin, room=room, start=at(TUESDAY, "19:00"), end=at(TUESDAY, "20:00"),
                                kind=Activity.Kind.LECTURE, title="防诈骗讲座", capacity=10)
    room.slices.update(function=Function.GENERAL)
    signup_create(activity=activity, actor=resident)
    booking_move(booking=activity.booking, actor=admin, start=at(TUESDAY, "16:00"), end=at(TUESDAY, "17:00"))
    LoggingSmsBackend.sent.clear()
    time_machine.move_to(at(TUESDAY, "15:01"), tick=False)
    sweep_outbox_now()
    assert len([t for phone, t in LoggingSmsBackend.sent if phone == resident.phone]) == 2
    time_machine.move_to(at(TUESDAY, "18:30"), tick=False)
    LoggingSmsBackend.sent.clear()
    sweep_outbox_now()
    assert [t for phone, t in LoggingSmsBackend.sent if phone == resident.phone] == []
