from .activities import Activity, ActivityAppealLink, ActivityChange, SignUp, SignUpChange, SignUpStatus
from .bookings import ACTIVE_STATUSES, Booking, BookingChange, BookingSeries, BookingStatus, FeedToken
from .rooms import Function, Room, RoomPhoto
from .slices import WEEKDAYS, Audience, SliceException, TimeSlice

__all__ = [
    "ACTIVE_STATUSES", "WEEKDAYS", "Activity", "ActivityAppealLink", "ActivityChange", "Audience", "Booking", "BookingChange",
    "BookingSeries", "BookingStatus", "FeedToken", "Function", "Room", "RoomPhoto", "SignUp", "SignUpChange", "SignUpStatus",
    "SliceException", "TimeSlice",
]
