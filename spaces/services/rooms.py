"""Managing rooms, their photos and time slices (admins of the room's centre), and feed tokens."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taijiang.core.exceptions import DomainError
from taijiang.core.uploads import clean_image

from ..models import FeedToken, Room, RoomPhoto, SliceException, TimeSlice
from ..models.bookings import new_feed_token
from ..permissions import require_manage

MAX_PHOTOS = 8


def room_save(*, room: Room, actor) -> Room:
    """Create or update a room (fields already validated by the form)."""
    require_manage(actor, room.centre)
    if room.min_duration_minutes > room.max_duration_minutes:
        raise DomainError(_("最短时长不能大于最长时长。"), field="min_duration_minutes")
    with transaction.atomic():
        room.save()
    return room


def room_add_photo(*, room: Room, actor, upload, caption: str = "") -> RoomPhoto:
    require_manage(actor, room.centre)
    if room.photos.count() >= MAX_PHOTOS:
        raise DomainError(_("每个房间最多 %(n)d 张照片。") % {"n": MAX_PHOTOS}, field="image")
    try:
        cleaned = clean_image(upload)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="image")
    photo = RoomPhoto(room=room, caption=caption, uploaded_by=actor)
    photo.image.save(cleaned.name, cleaned, save=False)
    photo.save()
    return photo


def slice_save(*, time_slice: TimeSlice, actor) -> TimeSlice:
    """Add or change a weekly slice; slices of one room may not overlap on the same weekday."""
    require_manage(actor, time_slice.room.centre)
    with transaction.atomic():
        clash = TimeSlice.objects.filter(room=time_slice.room, weekday=time_slice.weekday,
                                         starts__lt=time_slice.ends, ends__gt=time_slice.starts)
        clash = [s for s in clash.exclude(pk=time_slice.pk) if _seasons_meet(s, time_slice)]
        if clash:
            raise DomainError(_("与已有时段重叠：%(slice)s。") % {"slice": clash[0]}, field="starts")
        time_slice.save()
    return time_slice


def _seasons_meet(a: TimeSlice, b: TimeSlice) -> bool:
    a_from, b_from = a.valid_from, b.valid_from
    a_until, b_until = a.valid_until, b.valid_until
    return (a_until is None or b_from is None or b_from <= a_until) and (
        b_until is None or a_from is None or a_from <= b_until)


def slice_delete(*, time_slice: TimeSlice, actor) -> None:
    """Remove a weekly slice. Bookings already made in it stay (they were valid when made)."""
    require_manage(actor, time_slice.room.centre)
    time_slice.delete()


def slice_exception_save(*, exception: SliceException, actor) -> SliceException:
    require_manage(actor, exception.room.centre)
    exception.save()
    return exception


def slice_exception_delete(*, exception: SliceException, actor) -> None:
    """Remove a date exception; that date follows the weekly pattern again. Bookings already made stay."""
    require_manage(actor, exception.room.centre)
    exception.delete()


def feed_token_for(user) -> FeedToken:
    token, _created = FeedToken.objects.get_or_create(user=user)
    return token


def feed_token_regenerate(*, actor) -> FeedToken:
    with transaction.atomic():
        token = feed_token_for(actor)
        token.token = new_feed_token()
        token.save(update_fields=["token", "created_at"])
    return token
