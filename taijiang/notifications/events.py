"""Event types: what a notification says, in every language, and where it may go.

Each app declares its events as constants in `<app>/events.py`:

    SUBMITTED = register_event("appeals.submitted", title=_("诉求 %(number)s 已受理"), body=_("..."))

and passes the constant, never the code string: `notify(recipient=..., event=events.SUBMITTED)`,
so "go to definition" leads from a call to its texts. The code is what a Notification row stores;
the app registry's `ready()` imports every app's events.py (autodiscover_modules) so a stored
code can be looked up by the outbox sweep in a process that never imported the app.

Texts are lazy translations with %(name)s placeholders filled from the notify() context; they
are rendered in the recipient's language when the notification is created.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class Channel:
    IN_APP = "inapp"
    EMAIL = "email"
    SMS = "sms"
    EXTERNAL = (EMAIL, SMS)


@dataclass(frozen=True)
class EventType:
    code: str
    title: str
    body: str
    # External channels this event may use when the recipient has them switched on.
    channels: tuple = (Channel.EMAIL, Channel.SMS)
    # Sent to a bare mobile number with no account behind it (a registration code): the outbox
    # must not drop it for having no recipient.
    to_number: bool = False


EVENT_TYPES: dict[str, EventType] = {}


def register_event(code: str, *, title, body, channels=(Channel.EMAIL, Channel.SMS), to_number=False) -> EventType:
    event = EventType(code=code, title=title, body=body, channels=tuple(channels), to_number=to_number)
    EVENT_TYPES[code] = event
    return event


def get_event(code: str) -> EventType:
    try:
        return EVENT_TYPES[code]
    except KeyError:
        raise LookupError(f"unknown notification event {code!r}: register it in <app>/events.py") from None


def event_of(event: "EventType | str") -> EventType:
    """The event type itself (the constant an app passes) or the one registered under a stored code."""
    return event if isinstance(event, EventType) else get_event(event)


TEST = register_event("notifications.test", title=_("测试通知"), body=_("这是一条测试通知：%(text)s"))
