"""Write workflows of the spaces app (keyword-only, one transaction each, `actor` always passed)."""

from .activities import (
    activity_cancel,
    activity_mark_attendance,
    activity_publish,
    activity_update_record,
    parse_appeal_numbers,
    signup_cancel,
    signup_create,
)
from .bookings import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_create_weekly,
    booking_move,
    booking_reject,
    release_no_shows,
)
from .rooms import (
    feed_token_for,
    feed_token_regenerate,
    room_add_photo,
    room_save,
    slice_delete,
    slice_exception_delete,
    slice_exception_save,
    slice_save,
)

__all__ = [
    "activity_cancel", "activity_mark_attendance", "activity_publish", "activity_update_record", "booking_approve",
    "booking_cancel", "booking_check_in", "booking_create", "booking_create_weekly", "booking_move",
    "booking_reject", "feed_token_for", "feed_token_regenerate", "parse_appeal_numbers", "release_no_shows",
    "room_add_photo", "room_save", "signup_cancel", "signup_create", "slice_delete", "slice_exception_delete", "slice_exception_save",
    "slice_save",
]
