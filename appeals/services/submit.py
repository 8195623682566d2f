"""Filing an appeal: by the resident, by staff on a resident's behalf, or by an outside system."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taijiang.core import ratelimit
from taijiang.core.exceptions import NotAllowed
from taijiang.core.uploads import clean_image
from taijiang.users.models import Role

from .. import events
from ..conf import MAX_PHOTOS
from ..models import Appeal, AppealEvent, AppealPhoto
from ..permissions import can_create_on_behalf
from . import notices
from .numbering import next_number
from .route import enter_level, place_of, starting_level

Channel = Appeal.Channel


def clean_photos(photos, *, field: str = "photos") -> list:
    """Check every photo by content; refuse the lot with a message naming the bad file."""
    photos = [p for p in (photos or []) if p]
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({field: _("最多上传 %(max)d 张照片，您选择了 %(n)d 张。") % {"max": MAX_PHOTOS, "n": len(photos)}})
    cleaned = []
    for photo in photos:
        try:
            cleaned.append(clean_image(photo))
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
    return cleaned


def check_rate(*, actor) -> None:
    """At most settings.RATE_LIMITS["appeal_submit"] submissions per resident account.

    Counted per account, never per address: a whole district behind one proxy or NAT shares an
    address. Lets the submission through if the cache is down (taijiang.core.ratelimit).
    """
    ratelimit.enforce("appeal_submit", ratelimit.account_key(actor), message=_(
        "提交过于频繁：每 %(minutes)d 分钟最多提交 %(n)d 条诉求，请稍后再试。"))


def _require_content(text: str, photos: list) -> None:
    if not (text or "").strip() and not photos:
        raise ValidationError({"text": _("请写下您要反映的事情，或者至少拍一张照片。")})


def _create(*, actor, submitter, text, photos, category, building, address, latitude, longitude, community,
            contact_preference, publish_allowed, channel, channel_system="", registry_resident=None,
            source_visit=None, contact_name="", contact_phone="", ip=None) -> Appeal:
    cleaned = clean_photos(photos)
    _require_content(text, cleaned)
    now = timezone.now()
    place = place_of(building=building, address=address, latitude=latitude, longitude=longitude,
                     community=community)
    with transaction.atomic():
        appeal = Appeal(
            number=next_number(now), submitter=submitter, created_by=actor if actor and actor.is_authenticated else None,
            registry_resident=registry_resident, source_visit=source_visit, channel=channel,
            channel_system=channel_system, category=category, text=(text or "").strip(), building=place.building,
            grid=place.grid, community=place.community, street=place.street, address=(address or "").strip(),
            latitude=latitude, longitude=longitude, contact_preference=contact_preference,
            contact_name=contact_name, contact_phone=contact_phone, publish_allowed=publish_allowed, submit_ip=ip,
        )
        enter_level(appeal, starting_level(place, category), now=now)
        appeal.save()
        uploader = actor if actor and actor.is_authenticated else None
        for photo in cleaned:
            AppealPhoto.objects.create(appeal=appeal, kind=AppealPhoto.Kind.REPORT, image=photo, uploaded_by=uploader)
        AppealEvent.objects.create(
            appeal=appeal, actor=actor if actor and actor.is_authenticated else None,
            kind=AppealEvent.Kind.SUBMITTED, to_status=appeal.status, level=appeal.level, public=True,
            note=_("通过“%(channel)s”提交，由%(holder)s处理。") % {
                "channel": channel_system or appeal.get_channel_display(), "holder": appeal.holder_unit},
        )
        notices.tell_resident(appeal, events.SUBMITTED)
        notices.tell_holders(appeal, events.ASSIGNED)
    return appeal


def appeal_submit(*, actor, text: str = "", photos=(), category=None, building=None, address: str = "",
                  latitude=None, longitude=None, contact_preference: str = Appeal.ContactPreference.IN_APP,
                  publish_allowed: bool = True, ip: str | None = None) -> Appeal:
    """A resident files an appeal from the portal. Raises ValidationError, RateLimited."""
    if not actor.is_authenticated:
        raise NotAllowed(_("请先登录再提交诉求。"))
    if actor.is_portal_staff:
        raise NotAllowed(_("工作人员请使用“代居民登记诉求”。"))
    if actor.role == Role.DEPARTMENT:
        # A department liaison's account is a work account, not a resident's.
        raise NotAllowed(_("区职能部门账号不能以居民身份提交诉求。"))
    check_rate(actor=actor)
    if building is None and not address and latitude is None:
        building = actor.building
    return _create(actor=actor, submitter=actor, text=text, photos=photos, category=category, building=building,
                   address=address, latitude=latitude, longitude=longitude, community=actor.community,
                   contact_preference=contact_preference, publish_allowed=publish_allowed, channel=Channel.WEB,
                   ip=ip)


def appeal_create_on_behalf(*, actor, channel: str, text: str = "", photos=(), category=None, building=None,
                            address: str = "", registry_resident=None, source_visit=None, resident_user=None,
                            contact_name: str = "", contact_phone: str = "",
                            contact_preference: str = Appeal.ContactPreference.PHONE,
                            publish_allowed: bool = False) -> Appeal:
    """Staff file an appeal for a resident (from a visit, a phone call, the window); channel recorded.

    The grid app's visit page calls this through `appeals:staff_create`.
    """
    if channel not in (Channel.VISIT, Channel.PHONE, Channel.WINDOW):
        raise ValidationError({"channel": _("请选择登记渠道（走访、电话或窗口）。")})
    if registry_resident is not None and building is None:
        building = registry_resident.household.building
    if source_visit is not None and building is None:
        building = source_visit.household.building
    grid = building.grid if building is not None else None
    community = None if grid else actor.community
    if not can_create_on_behalf(actor, grid=grid, community=community):
        raise NotAllowed(_("您只能为本辖区的居民登记诉求。"))
    if resident_user is None and registry_resident is not None and registry_resident.user_id:
        resident_user = registry_resident.user
    return _create(actor=actor, submitter=resident_user, text=text, photos=photos, category=category,
                   building=building, address=address, latitude=None, longitude=None, community=community,
                   contact_preference=contact_preference, publish_allowed=publish_allowed, channel=channel,
                   registry_resident=registry_resident, source_visit=source_visit,
                   contact_name=contact_name or (registry_resident.name if registry_resident else ""),
                   # the register's number when none was typed: the answer must reach people without an account
                   contact_phone=contact_phone or (registry_resident.phone if registry_resident else ""))


def appeal_create_external(*, api_key, category, text: str, address: str = "", latitude=None, longitude=None,
                           building=None, contact_name: str = "", contact_phone: str = "",
                           publish_allowed: bool = True) -> Appeal:
    """An outside system (Open311 POST) files an appeal; routed by building, address or position."""
    return _create(actor=None, submitter=None, text=text, photos=(), category=category, building=building,
                   address=address, latitude=latitude, longitude=longitude, community=None,
                   contact_preference=Appeal.ContactPreference.PHONE if contact_phone else Appeal.ContactPreference.NONE,
                   publish_allowed=publish_allowed, channel=Channel.OPEN311, channel_system=api_key.system_name,
                   contact_name=contact_name, contact_phone=contact_phone)
