"""iCalendar (RFC 5545) feeds: a user's bookings and sign-ups (private token URL) and a room's
public calendar. UIDs are stable per booking / sign-up; SEQUENCE rises on every change;
cancelled entries stay in the feed with STATUS:CANCELLED so calendar apps remove them."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import ACTIVE_STATUSES, Booking, BookingStatus, SignUp, SignUpStatus

PRODID = "-//Taijiang community service portal//spaces//ZH"
DOMAIN = "spaces.taijiang-portal"
HORIZON_PAST = datetime.timedelta(days=60)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _event(*, uid: str, summary: str, start, end, stamp, sequence: int, cancelled: bool, location: str,
           tentative: bool = False) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("dtstart", start.astimezone(datetime.UTC))
    event.add("dtend", end.astimezone(datetime.UTC))
    event.add("summary", summary)
    event.add("location", location)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else ("TENTATIVE" if tentative else "CONFIRMED"))
    return event


def _booking_event(booking: Booking, *, public: bool) -> Event:
    activity = getattr(booking, "activity", None)
    if activity is not None:
        summary = activity.title
    elif public:
        summary = f"{booking.get_purpose_display()}（已预约）"
    else:
        summary = booking.title
    return _event(uid=f"booking-{booking.pk}@{DOMAIN}", summary=summary, start=booking.start, end=booking.end,
                  stamp=booking.updated_at, sequence=booking.sequence,
                  cancelled=booking.status not in ACTIVE_STATUSES,
                  tentative=booking.status == BookingStatus.PENDING,
                  location=f"{booking.room.centre.name} {booking.room.name}")


def user_feed(user) -> bytes:
    since = timezone.now() - HORIZON_PAST
    cal = _calendar("我的场地预约与活动")
    bookings = (Booking.objects.filter(booker=user, end__gte=since).select_related("room__centre", "activity")
                .order_by("start"))
    for booking in bookings:
        cal.add_component(_booking_event(booking, public=False))
    signups = (SignUp.objects.filter(resident=user, activity__booking__end__gte=since)
               .select_related("activity__booking__room__centre").order_by("pk"))
    for signup in signups:
        booking = signup.activity.booking
        cancelled = signup.status == SignUpStatus.CANCELLED or booking.status not in ACTIVE_STATUSES
        cal.add_component(_event(
            uid=f"signup-{signup.pk}@{DOMAIN}", summary=signup.activity.title, start=booking.start, end=booking.end,
            stamp=max(signup.updated_at, booking.updated_at), sequence=signup.sequence + booking.sequence,
            cancelled=cancelled, tentative=signup.status == SignUpStatus.WAITLISTED,
            location=f"{booking.room.centre.name} {booking.room.name}"))
    return cal.to_ical()


def room_feed(room) -> bytes:
    since = timezone.now() - HORIZON_PAST
    cal = _calendar(f"{room.centre.name} {room.name}")
    bookings = (Booking.objects.filter(room=room, end__gte=since)
                .exclude(status=BookingStatus.REJECTED).select_related("room__centre", "activity").order_by("start"))
    for booking in bookings:
        cal.add_component(_booking_event(booking, public=True))
    return cal.to_ical()
