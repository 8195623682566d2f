"""A worker's shifts as an iCalendar feed (private token URL, like spaces' feeds)."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import RotaStatus, Shift

PRODID = "-//Taijiang community service portal//rota//ZH"
DOMAIN = "rota.taijiang-portal"
HORIZON_PAST = datetime.timedelta(days=60)


def shifts_feed(user) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "我的排班")
    shifts = (Shift.objects.filter(worker__user=user, rota__status=RotaStatus.PUBLISHED,
                                   end__gte=timezone.now() - HORIZON_PAST)
              .select_related("centre").order_by("start"))
    for shift in shifts:
        event = Event()
        event.add("uid", f"shift-{shift.pk}@{DOMAIN}")
        event.add("dtstamp", shift.updated_at.astimezone(datetime.UTC))
        event.add("dtstart", shift.start.astimezone(datetime.UTC))
        event.add("dtend", shift.end.astimezone(datetime.UTC))
        event.add("summary", f"{shift.get_kind_display()} · {shift.centre.name}")
        event.add("location", shift.centre.address)
        event.add("sequence", shift.sequence)
        cal.add_component(event)
    return cal.to_ical()
