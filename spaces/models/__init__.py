from .activities import Activity, ActivityAppealLink, SignUp, SignUpStatus
from .bookings import ACTIVE_STATUSES, Booking, BookingChange, BookingSeries, BookingStatus, FeedToken
from .rooms import Function, Room, RoomPhoto
from .slices import WEEKDAYS, Audience, SliceException, TimeSlice

__all__ = [
    "ACTIVE_STATUSES", "WEEKDAYS", "Activity", "ActivityAppealLink", "Audience", "Booking", "BookingChange",
    "BookingSeries", "BookingStatus", "FeedToken", "Function", "Room", "RoomPhoto", "SignUp", "SignUpStatus",
    "SliceException", "TimeSlice",
]
