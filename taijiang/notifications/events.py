"""Event types: what a notification says, in every language, and where it may go.

    register_event("appeals.submitted", title=_("诉求 %(number)s 已受理"), body=_("..."))

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


register_event("notifications.test", title=_("测试通知"), body=_("这是一条测试通知：%(text)s"))
