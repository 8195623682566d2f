"""A small known world: on DAY (yesterday of NOW) community a1 has 4 appeals, 3 tickets, 2 visits
and 1 held booking; a2 and b1 have a little each. See the figures tests for the expected numbers."""

import datetime
import itertools

import pytest
from django.utils import timezone

from appeals.models import Appeal, DeadlineBreach
from grid.models import Visit
from services.models import QueueTicket, TicketStatus
from spaces.models import Booking, BookingStatus
from tests import factories
from tests.grid.factories import HouseholdFactory
from tests.spaces.factories import RoomFactory

TZ = timezone.get_current_timezone()
DAY = datetime.date(2026, 12, 9)
NOW = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=TZ)
_numbers = itertools.count(1)


def at(hm: str, day: datetime.date = DAY) -> datetime.datetime:
    hour, minute = map(int, hm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def appeal(community, status="submitted", created="09:00", **kwargs) -> Appeal:
    return Appeal.objects.create(number=f"TEST{next(_numbers):06d}", community=community, street=community.street,
                                 level="community", status=status, created_at=at(created), text="路灯坏了",
                                 **kwargs)


def ticket(centre, issued, *, called=None, completed=None, status=TicketStatus.WAITING) -> QueueTicket:
    n = next(_numbers)
    return QueueTicket.objects.create(centre=centre, service_date=DAY, number=f"A{n:03d}", sequence=n,
                                      status=status, issued_at=at(issued), called_at=called and at(called),
                                      completed_at=completed and at(completed))


def visit(building, worker, when="10:00") -> Visit:
    return Visit.objects.create(household=HouseholdFactory(building=building), worker=worker, visited_at=at(when))


def booking(room, booker, start, end, status=BookingStatus.CONFIRMED) -> Booking:
    return Booking.objects.create(room=room, booker=booker, purpose="general", title="读书会", start=at(start),
                                  end=at(end), blocked_until=at(end), status=status)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def people(territory):
    t = territory
    return {
        "resident": factories.resident(community=t["a1"], building=t["b_g1"]),
        "window": factories.window_staff(t["a1"]),
        "grid_worker": factories.grid_worker(t["g1"]),
        "admin_a1": factories.community_admin(t["a1"]),
        "admin_a2": factories.community_admin(t["a2"]),
        "street_a": factories.street_admin(t["street_a"]),
        "street_b": factories.street_admin(t["street_b"]),
        "district": factories.district_admin(),
    }


@pytest.fixture
def world(territory, people, now):
    t = territory
    centre_a1 = factories.ServiceCentreFactory(community=t["a1"])
    centre_a2 = factories.ServiceCentreFactory(community=t["a2"])
    on_time = appeal(t["a1"], "closed", rating=4, closed_at=at("15:00"), resolved_at=at("14:00"))
    late = appeal(t["a1"], "closed", rating=2, closed_at=at("16:00"), resolved_at=at("15:30"))
    DeadlineBreach.objects.create(appeal=late, level="community", kind="resolve", due_at=at("12:00"))
    appeal(t["a1"], "submitted", is_overdue=True)
    appeal(t["a1"], "replied", resolved_at=at("17:00"))
    appeal(t["a2"])
    appeal(t["b1"])
    ticket(centre_a1, "09:00", called="09:10", completed="09:20", status=TicketStatus.COMPLETED)
    ticket(centre_a1, "09:05", called="09:25", status=TicketStatus.NO_SHOW)
    ticket(centre_a1, "09:30")
    ticket(centre_a2, "10:00", called="10:04", completed="10:10", status=TicketStatus.COMPLETED)
    visit(t["b_g1"], people["grid_worker"])
    visit(t["b_g2"], people["grid_worker"], "11:00")
    visit(t["b_g3"], people["grid_worker"])
    room = RoomFactory(centre=centre_a1)
    booking(room, people["resident"], "14:00", "15:00")
    booking(room, people["resident"], "16:00", "17:00", status=BookingStatus.CANCELLED)
    return {"centre_a1": centre_a1, "centre_a2": centre_a2, "room": room, "on_time": on_time, "late": late}
