"""Hand-off from a visit to the apps above grid (appeals, services), by URL only.

grid sits in the bottom layer and never imports appeals or services. The visit page links to
their create pages with the context in the query string; those apps store `source_visit` and the
visit page lists what they created through the reverse accessors (`visit.appeals`,
`visit.service_requests`). A URL that does not exist yet (the app is not merged) is left out with
a note, so grid works alone.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HandoffLink:
    label: str
    url: str | None
    note: str = ""


def visit_handoff_links(visit, resident=None) -> list[HandoffLink]:
    """Links "代为说事" (raise an appeal) and "代办服务" (service request / proxy) for this visit."""
    resident = resident or default_resident(visit)
    appeal = {"building": visit.household.building_id, "visit": visit.pk, "channel": "visit"}
    service = {"visit": visit.pk, "proxy": 1}
    if resident is not None:
        appeal["resident"] = resident.pk
        service = {"resident": resident.pk, **service}
    return [
        _link(_("代为说事"), "appeals:staff_create", appeal, _("诉求模块尚未启用。")),
        _link(_("代办服务"), "services:request_create_for_resident", service, _("办事模块尚未启用。"))
        if resident is not None else HandoffLink(_("代办服务"), None, _("该户没有登记居民，无法代办。")),
    ]


@dataclass(frozen=True)
class FollowUp:
    text: str
    url: str | None


# (reverse accessor on Visit, title on the visit page, detail URL name, related rows to load)
FOLLOW_UPS = (
    ("appeals", _("由本次走访提交的诉求"), "appeals:detail", ()),
    ("service_requests", _("由本次走访发起的办事/代办"), "services:request_detail", ("item",)),
)


def visit_follow_ups(visit) -> list[tuple[str, list[FollowUp]]]:
    """What the other apps created from this visit, as (title, [FollowUp]) sections with links.

    Only apps that are installed contribute (their `source_visit` reverse accessor exists).
    """
    sections = []
    for accessor, title, url_name, related in FOLLOW_UPS:
        manager = getattr(visit, accessor, None)
        if manager is None:
            continue
        rows = [FollowUp(str(row), _reverse(url_name, row.pk))
                for row in manager.select_related(*related).order_by("pk")]
        if rows:
            sections.append((title, rows))
    return sections


def _reverse(url_name, pk) -> str | None:
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return None


def default_resident(visit):
    """Whom the hand-off is for by default: the first person met, else the first active resident."""
    met = list(visit.met_residents.all())
    if met:
        return met[0]
    return visit.household.residents.filter(status="active").order_by("pk").first()


def _link(label, url_name, params, missing_note) -> HandoffLink:
    try:
        return HandoffLink(label, f"{reverse(url_name)}?{urlencode(params)}")
    except NoReverseMatch:
        return HandoffLink(label, None, missing_note)
