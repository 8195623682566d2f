"""Writes to the household register: households, residents, tags and life events."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.crypto import lookup_hash
from taijiang.core.exceptions import Conflict, NotAllowed

from ..models import Building, Household, Resident, ResidentEvent, Tag
from ..permissions import can_edit_household, can_edit_register
from ..validation import clean_personal_fields
from ..workflow import RESIDENT_FLOW
from .policy import refresh_household

HOUSEHOLD_FIELDS = ("door_number", "residence_type", "living_situation", "note", "is_active")
RESIDENT_FIELDS = ("name", "sex", "birth_date", "id_number", "phone", "ethnicity", "relation_to_head",
                   "political_status")

# What a status change writes in the resident's history.
STATUS_EVENTS = {
    Resident.Status.MOVED_OUT: ResidentEvent.Kind.MOVED_OUT,
    Resident.Status.DECEASED: ResidentEvent.Kind.DIED,
    Resident.Status.LOST_CONTACT: ResidentEvent.Kind.LOST_CONTACT,
    Resident.Status.ACTIVE: ResidentEvent.Kind.RETURNED,
}


def _ensure_editable(actor, household: Household) -> None:
    if not can_edit_household(actor, household):
        raise NotAllowed(_("您不能修改辖区外的住户档案。"))


def _check_door_free(building: Building, door_number: str, exclude_pk=None) -> None:
    qs = Household.objects.filter(building=building, door_number=door_number)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"door_number": _("该楼栋已有这个门牌号的住户。")})


@transaction.atomic
def household_create(*, actor, building: Building, door_number: str, residence_type: str = "present",
                     living_situation: str = "ordinary", note: str = "") -> Household:
    household = Household(building=building, door_number=door_number.strip(), residence_type=residence_type,
                          living_situation=living_situation, note=note)
    if not can_edit_register(actor) or not can_edit_household(actor, household):
        raise NotAllowed(_("您不能在辖区外登记住户。"))
    _check_door_free(building, household.door_number)
    household.save()
    return refresh_household(household)


@transaction.atomic
def household_update(*, actor, household: Household, building: Building | None = None, **fields) -> Household:
    household = Household.objects.select_for_update().select_related("building__grid").get(pk=household.pk)
    _ensure_editable(actor, household)
    if building is not None and building.pk != household.building_id:
        household.building = building
        _ensure_editable(actor, household)  # the new building must be in scope too
    for name in HOUSEHOLD_FIELDS:
        if name in fields:
            setattr(household, name, fields[name])
    household.door_number = household.door_number.strip()
    _check_door_free(household.building, household.door_number, exclude_pk=household.pk)
    household.save()
    follow_household_visits(household)
    return refresh_household(household)


def follow_household_visits(household: Household) -> int:
    """Keep the visits' grid (what visit lists are scoped and counted by) equal to the household's
    grid after a move: the household's history goes with it, and the grid it left no longer sees it."""
    from ..models import Visit

    grid_id = Building.objects.filter(pk=household.building_id).values_list("grid_id", flat=True).first()
    return Visit.objects.filter(household=household).exclude(grid_id=grid_id).update(grid_id=grid_id)


def _ensure_id_free(id_number: str, exclude_pk=None) -> None:
    if not id_number:
        return
    qs = Resident.objects.filter(id_number_hash=lookup_hash(id_number))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"id_number": _("该身份证号已登记在其他住户中，请先查找该居民。")})


@transaction.atomic
def resident_create(*, actor, household: Household, name: str, tags=(), event_date: datetime.date | None = None,
                    born_here: bool = False, **fields) -> Resident:
    """Register a resident in a household and record the event (入住, or 出生 when born here)."""
    household = Household.objects.select_for_update().select_related("building__grid").get(pk=household.pk)
    _ensure_editable(actor, household)
    personal = clean_personal_fields(id_number=fields.get("id_number", ""), phone=fields.get("phone", ""),
                                     birth_date=fields.get("birth_date"), sex=fields.get("sex", ""))
    if not personal["sex"]:
        raise ValidationError({"sex": _("请选择性别。")})
    _ensure_id_free(personal["id_number"])
    resident = Resident(household=household, name=name.strip(),
                        **{k: v for k, v in fields.items() if k in RESIDENT_FIELDS and k not in personal}, **personal)
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        raise Conflict(_("该身份证号已登记。"), field="id_number") from exc
    resident.tags.set(tags)
    ResidentEvent.objects.create(
        resident=resident, kind=ResidentEvent.Kind.BORN if born_here else ResidentEvent.Kind.MOVED_IN,
        date=event_date or timezone.localdate(), recorded_by=actor,
    )
    refresh_household(household)
    return resident


@transaction.atomic
def resident_update(*, actor, resident: Resident, tags=None, **fields) -> Resident:
    resident = Resident.objects.select_for_update().select_related("household__building__grid").get(pk=resident.pk)
    _ensure_editable(actor, resident.household)
    merged = {name: fields.get(name, getattr(resident, name)) for name in ("id_number", "phone", "birth_date", "sex")}
    personal = clean_personal_fields(**merged)
    _ensure_id_free(personal["id_number"], exclude_pk=resident.pk)
    for name in RESIDENT_FIELDS:
        if name in fields:
            setattr(resident, name, fields[name])
    for name, value in personal.items():
        setattr(resident, name, value)
    resident.name = resident.name.strip()
    resident.save()
    if tags is not None:
        resident.tags.set(tags)
    refresh_household(resident.household)
    return resident


@transaction.atomic
def resident_set_tags(*, actor, resident: Resident, tags) -> Resident:
    resident = Resident.objects.select_for_update().select_related("household__building__grid").get(pk=resident.pk)
    _ensure_editable(actor, resident.household)
    resident.tags.set(tags)
    refresh_household(resident.household)
    return resident


@transaction.atomic
def resident_change_status(*, actor, resident: Resident, status: str, date: datetime.date,
                           note: str = "") -> ResidentEvent:
    """Move a resident out, record a death or lost contact, or bring them back; writes the event."""
    resident = Resident.objects.select_for_update().select_related("household__building__grid").get(pk=resident.pk)
    _ensure_editable(actor, resident.household)
    if status not in Resident.Status.values:
        raise ValidationError({"status": _("未知的状态。")})
    RESIDENT_FLOW.check(resident.status, status)
    if date > timezone.localdate():
        raise ValidationError({"date": _("日期不能晚于今天。")})
    resident.status = status
    resident.save(update_fields=["status", "updated_at"])
    event = ResidentEvent.objects.create(resident=resident, kind=STATUS_EVENTS[status], date=date, note=note,
                                         recorded_by=actor)
    refresh_household(resident.household)
    return event


def tags_by_name(names) -> tuple[list[Tag], list[str]]:
    """Tags for the given names, and the names that are not tags."""
    names = [n.strip() for n in names if n and n.strip()]
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [found[n] for n in names if n in found], [n for n in names if n not in found]
