"""The database itself refuses overlapping bookings (PostgreSQL exclusion constraint)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from spaces.models import Booking, BookingStatus, Function
from spaces.services import booking_create
from taijiang.core.exceptions import Conflict
from tests import factories
from tests.spaces.conftest import TUESDAY, at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _row(room, user, start, end, status=BookingStatus.CONFIRMED):
    return Booking(room=room, booker=user, purpose=Function.GENERAL, title="x", start=at(TUESDAY, start),
                   end=at(TUESDAY, end), blocked_until=at(TUESDAY, end), status=status)


def test_exclusion_constraint_refuses_overlap_written_past_the_service(room, resident):
    _row(room, resident, "09:00", "10:00").save()
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        _row(room, resident, "09:59", "11:00").save()
    _row(room, resident, "10:00", "11:00").save()  # [a,b) and [b,c) are both fine
    _row(room, resident, "09:00", "10:00", status=BookingStatus.CANCELLED).save()  # inactive rows do not count
    assert Booking.objects.count() == 3


def test_fifty_concurrent_attempts_at_one_slot_leave_exactly_one_booking(now, room):
    users = [factories.resident() for _ in range(50)]
    barrier = threading.Barrier(50)
    outcomes = []
    lock = threading.Lock()

    def attempt(user):
        try:
            barrier.wait()
            booking_create(room=room, actor=user, start=at(TUESDAY, "09:00"), end=at(TUESDAY, "10:00"),
                           purpose=Function.GENERAL, title="抢场地")
            result = "ok"
        except Conflict:
            result = "conflict"
        except Exception as exc:  # noqa: BLE001 - reported below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(outcomes)) == ["conflict", "ok"], outcomes
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 49
    assert Booking.objects.filter(room=room, status__in=["pending", "confirmed", "checked_in"]).count() == 1


def test_race_through_the_api_answers_409(now, room):
    from rest_framework.test import APIClient

    users = [factories.resident() for _ in range(10)]
    barrier = threading.Barrier(10)
    codes = []

    def attempt(user):
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        response = client.post("/api/v1/bookings/", {
            "room": room.pk, "start": at(TUESDAY, "11:00").isoformat(), "end": at(TUESDAY, "12:00").isoformat(),
            "purpose": "general", "title": "抢"}, format="json")
        codes.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201] + [409] * 9
