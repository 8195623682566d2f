"""Feeds leak nothing private: the room feed names nobody, a user feed needs its unguessable token."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from spaces.models import Function, Room
from spaces.services import booking_create, feed_token_for
from tests import factories
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


def test_room_feed_shows_neither_booker_nor_organisation_nor_title(now, client, room, territory):
    Room.objects.filter(pk=room.pk).update(bookers=Room.Bookers.RESIDENTS)
    booker = factories.resident(community=territory["a1"])
    booking_create(room=room, actor=booker, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                   purpose=Function.GENERAL, title="私人聚会", organisation="福祥书画社")
    body = client.get(reverse("spaces:feed_room", args=[room.pk])).content.decode()
    for private in (booker.name, "福祥书画社", "私人聚会", booker.phone):
        assert private not in body
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert "DESCRIPTION" not in event and "ORGANIZER" not in event and "ATTENDEE" not in event


def test_user_feed_tokens_are_long_random_and_distinct(resident, client):
    other = factories.resident()
    mine, theirs = feed_token_for(resident).token, feed_token_for(other).token
    assert len(mine) >= 32 and mine != theirs
    assert client.get(reverse("spaces:feed_user", args=[mine[:-1] + ("A" if mine[-1] != "A" else "B")])).status_code == 404


def test_feed_of_a_deactivated_user_answers_404(resident, client):
    token = feed_token_for(resident).token
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    assert client.get(reverse("spaces:feed_user", args=[token])).status_code == 404
