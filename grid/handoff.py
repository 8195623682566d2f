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
