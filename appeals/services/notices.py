"""Who hears about what (called inside the services' transactions; delivered after commit)."""

from django.urls import reverse
from django.utils import timezone

from taijiang.notifications.events import EventType
from taijiang.notifications.services import notify

from ..permissions import holders


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


def tell_resident(appeal, event: EventType, **context) -> None:
    base = {"number": appeal.number, "holder": appeal.holder_unit}
    for person in residents_of(appeal):
        notify(recipient=person, event=event, context={**base, **context}, link=_link(appeal))


def tell_holders(appeal, event: EventType, *, level: str | None = None, **context) -> None:
    base = {"number": appeal.number, "holder": appeal.holder_unit, "due": _due(appeal.accept_due),
            "category": appeal.category.name if appeal.category_id else "未分类",
            "summary": (appeal.text or "")[:40]}
    for person in holders(appeal, level):
        notify(recipient=person, event=event, context={**base, **context}, link=_link(appeal))


due_text = _due
