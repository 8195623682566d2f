"""Reminders 24 h and 1 h before a booking or an activity, through the notification outbox.

Each reminder is a notification row with `send_after` and a dedupe key, written in the same
transaction as the booking or sign-up: the outbox sweep sends it exactly once, and a cancelled
booking's reminders are withdrawn by key prefix.

The key names the start time it reminds about (`spaces.booking:<id>:<YYYYmmddHHMM>:24h`): a booking
moved after its 24 h reminder went out gets a fresh one for the new time, while scheduling again
for the same time finds the existing promise and sends nothing twice.
"""

import datetime

from django.urls import reverse
from django.utils import formats, timezone

from taijiang.notifications.events import EventType
from taijiang.notifications.services import cancel_notifications, notify

from .. import events

REMINDER_OFFSETS = (("24h", datetime.timedelta(hours=24)), ("1h", datetime.timedelta(hours=1)))


def when_text(start: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(start), "Y-m-d H:i")


def booking_context(booking) -> dict:
    return {"room": booking.room.name, "when": when_text(booking.start), "title": booking.title}


def booking_key(booking) -> str:
    return f"spaces.booking:{booking.pk}:"


def signup_key(signup) -> str:
    return f"spaces.signup:{signup.pk}:"


def _schedule(*, recipient, prefix: str, event: EventType, start, context: dict, link: str) -> None:
    now = timezone.now()
    stamp = timezone.localtime(start).strftime("%Y%m%d%H%M")
    for label, offset in REMINDER_OFFSETS:
        due = start - offset
        if due > now:  # a reminder whose time has passed is not sent late
            notify(recipient=recipient, event=event, context=context, link=link, send_after=due,
                   dedupe_key=f"{prefix}{stamp}:{label}")


def schedule_booking_reminders(booking) -> None:
    _schedule(recipient=booking.booker, prefix=booking_key(booking), event=events.BOOKING_REMINDER,
              start=booking.start, context=booking_context(booking), link=reverse("spaces:my_bookings"))


def cancel_booking_reminders(booking) -> int:
    return cancel_notifications(dedupe_key_prefix=booking_key(booking))


def schedule_signup_reminders(signup) -> None:
    activity = signup.activity
    context = booking_context(activity.booking) | {"title": activity.title}
    _schedule(recipient=signup.resident, prefix=signup_key(signup), event=events.ACTIVITY_REMINDER,
              start=activity.booking.start, context=context,
              link=reverse("spaces:activity_detail", args=[activity.pk]))


def cancel_signup_reminders(signup) -> int:
    return cancel_notifications(dedupe_key_prefix=signup_key(signup))
