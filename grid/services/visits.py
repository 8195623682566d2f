"""Logging a door-knocking visit (from the phone page, the API or a replayed offline draft)."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import Conflict, InvalidTransition, NotAllowed
from taijiang.core.uploads import clean_image

from ..models import Household, Visit
from ..permissions import can_log_visit
from .policy import refresh_household

# The checklist on the visit form: key -> label. Answers are "ok" or "issue" (or absent).
OBSERVATIONS = {
    "health": _("身体状况"),
    "living": _("居住条件"),
    "wiring": _("电线线路"),
    "gas": _("燃气安全"),
    "stairwell": _("楼道堆物"),
}
ANSWERS = {"ok": _("正常"), "issue": _("有问题")}
MAX_DRAFT_AGE = datetime.timedelta(days=30)


def clean_observations(observations) -> dict:
    if not observations:
        return {}
    if not isinstance(observations, dict):
        raise ValidationError({"observations": _("观察情况格式不正确。")})
    cleaned = {}
    for key, value in observations.items():
        if key not in OBSERVATIONS:
            raise ValidationError({"observations": _("未知的观察项：%(key)s。") % {"key": key}})
        if value in ("", None):
            continue
        if value not in ANSWERS:
            raise ValidationError({"observations": _("观察项“%(label)s”只能填“正常”或“有问题”。")
                                   % {"label": OBSERVATIONS[key]}})
        cleaned[key] = value
    return cleaned


def visit_log(*, actor, household: Household, kind: str = Visit.Kind.HOME, outcome: str = Visit.Outcome.MET,
              met_residents=(), observations=None, needs: str = "", actions_taken: str = "", note: str = "",
              photo=None, latitude=None, longitude=None, visited_at: datetime.datetime | None = None,
              client_uuid: uuid.UUID | str | None = None) -> tuple[Visit, bool]:
    """Store a visit and recompute the household's next-due date.

    Idempotent on `client_uuid`: a draft sent again (lost answer, offline replay) returns the visit
    stored the first time and `created=False`. Refuses households outside the actor's grids
    (NotAllowed), residents of another household and impossible times (ValidationError).
    """
    if not can_log_visit(actor, household):
        raise NotAllowed(_("您只能走访自己网格内的住户。"))
    if client_uuid:
        try:
            client_uuid = uuid.UUID(str(client_uuid))
        except ValueError as exc:
            raise ValidationError({"client_uuid": _("客户端编号格式不正确。")}) from exc
        existing = _existing(client_uuid, actor)
        if existing:
            return existing, False
    if kind not in Visit.Kind.values:
        raise ValidationError({"kind": _("请选择走访方式。")})
    if outcome not in Visit.Outcome.values:
        raise ValidationError({"outcome": _("请选择走访结果。")})
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + datetime.timedelta(minutes=10):
        raise InvalidTransition(_("走访时间不能晚于现在。"), field="visited_at")  # the clock refuses: 409
    if visited_at < now - MAX_DRAFT_AGE:
        raise InvalidTransition(_("走访时间超过 30 天，请联系社区管理员补录。"), field="visited_at")
    _check_position(latitude, longitude)
    met = list(met_residents)
    if any(r.household_id != household.pk for r in met):
        raise Conflict(_("见到的人必须是该户的居民。"), field="met_residents")  # the register's data: 409
    if outcome != Visit.Outcome.MET and met:
        raise ValidationError({"met_residents": _("未见到人时不能勾选见到的居民。")})
    cleaned_photo = None
    if photo:
        try:
            cleaned_photo = clean_image(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    visit = Visit(household=household, worker=actor, kind=kind, outcome=outcome,
                  observations=clean_observations(observations), needs=needs.strip(),
                  actions_taken=actions_taken.strip(), note=note.strip(), latitude=latitude, longitude=longitude,
                  visited_at=visited_at)
    if client_uuid:
        visit.client_uuid = client_uuid
    try:
        with transaction.atomic():
            locked = Household.objects.select_for_update().select_related("building__grid").get(pk=household.pk)
            if cleaned_photo:
                visit.photo.save(cleaned_photo.name, cleaned_photo, save=False)
            visit.save()
            visit.met_residents.set(met)
            refresh_household(locked)
    except IntegrityError:
        # Two copies of the same draft raced: the other one won; answer with it.
        existing = _existing(visit.client_uuid, actor) if client_uuid else None
        if existing:
            return existing, False
        raise
    return visit, True


def _check_position(latitude, longitude) -> None:
    """A position is both coordinates or neither, and on the globe."""
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("位置须同时包含经度和纬度。")})
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError({"latitude": _("位置不正确：纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间。")})


def _existing(client_uuid: uuid.UUID, actor) -> Visit | None:
    existing = Visit.objects.select_related("household").filter(client_uuid=client_uuid).first()
    if existing and existing.worker_id != actor.pk:
        raise Conflict(_("该客户端编号已被其他人的走访记录使用。"), field="client_uuid")
    return existing
