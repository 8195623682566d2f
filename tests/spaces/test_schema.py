"""Later migrations that rebuild the booking table keep working on both databases."""

import pytest
from django.db import IntegrityError, connection, models, transaction

from spaces.models import Booking, BookingStatus, Function
from tests.spaces.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db(transaction=True)


def _row(room, user, start, end):
    return Booking(room=room, booker=user, purpose=Function.GENERAL, title="x", start=at(TUESDAY, start),
                   end=at(TUESDAY, end), blocked_until=at(TUESDAY, end), status=BookingStatus.CONFIRMED)


def test_altering_a_booking_column_rebuilds_the_table_and_keeps_the_rule(room, resident):
    old = Booking._meta.get_field("title")
    new = models.CharField(max_length=81)
    new.set_attributes_from_name("title")
    new.model = Booking
    with connection.schema_editor() as editor:  # SQLite: a full table rebuild with every constraint
        editor.alter_field(Booking, old, new)
    with connection.schema_editor() as editor:
        editor.alter_field(Booking, new, old)
    _row(room, resident, "09:00", "10:00").save()
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            _row(room, resident, "09:30", "10:30").save()
    assert Booking.objects.count() == 1
