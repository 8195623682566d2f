"""Lists cost the same few queries at 1 row and at 50."""

import pytest
from django.urls import reverse

from spaces.models import Activity, Booking, BookingStatus, SignUp, SignUpStatus
from tests import factories
from tests.spaces.conftest import TUESDAY, at
from tests.spaces.factories import RoomFactory

pytestmark = pytest.mark.django_db


def _bookings(rooms, booker, status=BookingStatus.CONFIRMED, start="09:00", end="10:00"):
    return [Booking.objects.create(room=room, booker=booker, purpose="general", title="x", start=at(TUESDAY, start),
                                   end=at(TUESDAY, end), blocked_until=at(TUESDAY, end), status=status)
            for room in rooms]


@pytest.mark.parametrize("count", [1, 50])
def test_my_bookings_page_query_budget(now, client, centre, resident, admin, count, django_assert_max_num_queries):
    rooms = RoomFactory.create_batch(count, centre=centre)
    _bookings(rooms, resident)
    for booking in _bookings(rooms, admin, start="11:00", end="12:00"):
        activity = Activity.objects.create(booking=booking, kind="lecture", title="讲座", capacity=10, organiser=admin)
        SignUp.objects.create(activity=activity, resident=resident, status=SignUpStatus.CONFIRMED)
    client.force_login(resident)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("spaces:my_bookings"))
    assert response.status_code == 200 and response.content.decode().count("讲座") == count


@pytest.mark.parametrize("count", [1, 50])
def test_staff_booking_list_and_approvals_query_budget(now, client, centre, admin, count,
                                                       django_assert_max_num_queries):
    rooms = RoomFactory.create_batch(count, centre=centre)
    _bookings(rooms, factories.resident(community=centre.community))
    _bookings(RoomFactory.create_batch(count, centre=centre), factories.resident(), status=BookingStatus.PENDING)
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("spaces:manage_bookings")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("spaces:approvals")).status_code == 200
