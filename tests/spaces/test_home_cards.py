"""The community admin's “今日活动” card counts the activities starting on the local day, whatever the
hour: the day is a range of instants (served by the index on start), not a date cast of every row."""

import datetime

import pytest

from spaces.models import Activity, Booking
from spaces.portal import home_cards
from tests.spaces.conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def activity(room, admin, start: datetime.datetime, status="confirmed") -> Activity:
    end = start + datetime.timedelta(minutes=20)
    booking = Booking.objects.create(room=room, booker=admin, purpose="lecture", title="讲座", attendees=5,
                                     start=start, end=end, blocked_until=end, status=status)
    return Activity.objects.create(booking=booking, kind="lecture", title="讲座", capacity=10, organiser=admin)


def test_todays_activities_are_those_starting_between_local_midnights(now, room, admin):
    activity(room, admin, at(MONDAY, "00:00"))
    activity(room, admin, at(MONDAY, "23:30"))
    activity(room, admin, at(MONDAY - datetime.timedelta(days=1), "23:35"))  # yesterday, 15:35 UTC Sunday
    activity(room, admin, at(MONDAY + datetime.timedelta(days=1), "00:00"))  # tomorrow
    activity(room, admin, at(MONDAY, "10:00"), status="cancelled")

    cards = {str(card.title): card for card in home_cards(admin)}

    assert cards["今日活动"].count == 2


def test_the_activity_list_comes_in_pages_keeping_the_kind(client, now, room, admin, resident):
    from spaces.views.public import ACTIVITIES_PER_PAGE

    for n in range(ACTIVITIES_PER_PAGE + 2):
        activity(room, admin, at(MONDAY + datetime.timedelta(days=1 + n), "10:00"))
    client.force_login(resident)
    first = client.get("/spaces/activities/?kind=lecture").content.decode()
    assert first.count('class="list-group-item') == ACTIVITIES_PER_PAGE
    assert "page=2&amp;kind=lecture" in first
    second = client.get("/spaces/activities/?kind=lecture&page=2").content.decode()
    assert second.count('class="list-group-item') == 2
    assert client.get("/spaces/activities/?page=abc").status_code == 200  # a bad page is the first one
