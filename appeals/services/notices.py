"""Who hears about what (called inside the services' transactions; delivered after commit)."""

from django.urls import reverse
from django.utils import timezone

from taijiang.notifications.events import EventType
from taijiang.notifications.services import notify, sms_to_number

from .. import events
from ..permissions import holders

# The events that reach a resident without an account, and the SMS that carries them.
SMS_TO_NUMBER = {events.REPLIED.code: events.REPLIED_BY_SMS, events.DECLINED.code: events.DECLINED_BY_SMS}


def _link(appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


def _due(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def residents_of(appeal) -> list:
    people = []
    if appeal.submitter_id:
        people.append(appeal.submitter)
    resident = appeal.registry_resident
    if resident is not None and resident.user_id and resident.user_id != appeal.submitter_id:
        people.append(resident.user)
    return people


def tell_resident(appeal, event: EventType, **context) -> str:
    """Tell the resident through their account; one without an account hears the answer (or the
    refusal) by SMS at the appeal's contact number. Says how: "account", "sms" or "" (nobody reachable:
    the staff member must call or visit, see appeal_record_contact)."""
    base = {"number": appeal.number, "holder": appeal.holder_unit}
    people = residents_of(appeal)
    for person in people:
        notify(recipient=person, event=event, context={**base, **context}, link=_link(appeal))
    if people:
        return "account"
    by_sms = SMS_TO_NUMBER.get(event.code)
    if by_sms is None or not appeal.contact_phone or appeal.contact_preference == appeal.ContactPreference.NONE:
        return ""
    sms_to_number(phone=appeal.contact_phone, event=by_sms, context={**base, **context})
    return "sms"


def how_resident_hears(appeal) -> str:
    """What tell_resident would do for an answer: "account", "sms" or "" (the page says so to the clerk)."""
    if residents_of(appeal):
        return "account"
    if appeal.contact_phone and appeal.contact_preference != appeal.ContactPreference.NONE:
        return "sms"
    return ""


def tell_holders(appeal, event: EventType, *, level: str | None = None, **context) -> None:
    base = {"number": appeal.number, "holder": appeal.holder_unit, "due": _due(appeal.accept_due),
            "category": appeal.category.name if appeal.category_id else "未分类",
            "summary": (appeal.text or "")[:40]}
    for person in holders(appeal, level):
        notify(recipient=person, event=event, context={**base, **context}, link=_link(appeal))


due_text = _due
