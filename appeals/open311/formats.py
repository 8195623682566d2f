"""Open311 GeoReport v2 representations (field names, status values and dates as the spec defines).

A service request is shown no more precisely than on the public board, to everyone including
the system that filed it (it keeps its own record of what it sent): the text redacted, the place
as the community's name, no building id and no coordinates, the holding unit no finer than the
community (docs/security.md, "What the public sees").
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Appeal, AppealEvent, Category
from ..redact import public_holder, public_place, redact
from ..workflow import OPEN_STATUSES, Status

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"


def iso(value) -> str | None:
    """ISO 8601 with the UTC offset, in the district's time zone: 2026-01-15T09:30:00+08:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def open311_status(appeal: Appeal) -> str:
    return "open" if appeal.status in OPEN_STATUSES else "closed"


def service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(category.keyword_list),
        "group": category.group,
    }


def service_definition(category: Category) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {"variable": True, "code": "publish", "datatype": "singlevaluelist", "required": False,
             "datatype_description": _("是否允许在说事公开栏展示（默认允许）"), "order": 1,
             "description": _("允许公开"),
             "values": [{"key": "yes", "name": _("允许")}, {"key": "no", "name": _("不允许")}]},
            {"variable": True, "code": "building_id", "datatype": "number", "required": False,
             "datatype_description": _("台江区楼栋编号（已知时，优先于地址和坐标）"), "order": 2,
             "description": _("楼栋编号")},
        ],
    }


def _status_notes(appeal: Appeal) -> str:
    if appeal.status == Status.MERGED and appeal.merged_into_id:
        return _("与 %(n)s 合并办理。") % {"n": appeal.merged_into.number}
    if appeal.status == Status.DECLINED:
        return redact(appeal.decline_reason)
    replies = [e for e in appeal.events.all() if e.kind == AppealEvent.Kind.REPLY and e.public]
    return redact(replies[-1].note) if replies else appeal.get_status_display()


def service_request(appeal: Appeal) -> dict:
    return {
        "service_request_id": appeal.number,
        "status": open311_status(appeal),
        "status_notes": _status_notes(appeal),
        "service_name": appeal.category.name if appeal.category_id else "",
        "service_code": appeal.category.code if appeal.category_id else "",
        "description": redact(appeal.text),
        "agency_responsible": public_holder(appeal),
        "service_notice": service_notice(appeal),
        "requested_datetime": iso(appeal.created_at),
        "updated_datetime": iso(appeal.updated_at),
        "expected_datetime": iso(appeal.resolve_due) if appeal.status in OPEN_STATUSES else None,
        "address": public_place(appeal),
        "address_id": "",  # a building id would name the building the board hides
        "zipcode": "",
        "lat": None,  # the board shows no map position; rounding would still point at a building
        "long": None,
        "media_url": "",
    }


def service_notice(appeal: Appeal) -> str:
    if appeal.status in OPEN_STATUSES and appeal.resolve_due:
        return _("由%(holder)s办理，预计 %(due)s 前办结。") % {
            "holder": public_holder(appeal), "due": timezone.localtime(appeal.resolve_due).strftime("%Y-%m-%d %H:%M")}
    return appeal.get_status_display()
