"""iCalendar feeds: a user's (private token in the URL, no login) and a room's (public)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taijiang.core.access import login_required

from .. import feeds, services
from ..models import FeedToken, Room


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def feed_user(request, token):
    feed_token = get_object_or_404(FeedToken.objects.select_related("user"), token=token, user__is_active=True)
    return _ics(feeds.user_feed(feed_token.user), "my-bookings")


def feed_room(request, pk):
    room = get_object_or_404(Room.objects.select_related("centre"), pk=pk, is_active=True, bookable=True)
    return _ics(feeds.room_feed(room), f"room-{room.pk}")


@login_required
@require_POST
def feed_regenerate(request):
    services.feed_token_regenerate(actor=request.user)
    messages.success(request, _("日历订阅地址已更换，旧地址不再有效。"))
    return redirect("spaces:my_bookings")
