import datetime

import pytest
from django.utils import timezone

from spaces.models import Function
from taijiang.notifications.channels import LoggingSmsBackend
from tests import factories
from tests.spaces.factories import RoomFactory, SliceFactory, local, open_all_week

MONDAY = datetime.date(2026, 12, 7)  # "now" in these tests: Monday 2026-12-07 08:00 Shanghai
TUESDAY = MONDAY + datetime.timedelta(days=1)


@pytest.fixture
def now(time_machine):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0))
    time_machine.move_to(moment, tick=False)
    return moment


@pytest.fixture(autouse=True)
def _clear_sms():
    LoggingSmsBackend.sent.clear()


@pytest.fixture
def centre(territory):
    centre = factories.ServiceCentreFactory(community=territory["a1"], total_area_m2=400)
    open_all_week(centre)
    return centre


@pytest.fixture
def room(centre):
    """A general room open Tuesdays 08:00–21:00, plus a 六点半课堂 slice 16:30–18:30 on Wednesdays."""
    room = RoomFactory(centre=centre, name="多功能室")
    SliceFactory(room=room, weekday=1, starts=datetime.time(8, 0), ends=datetime.time(21, 0))
    SliceFactory(room=room, weekday=2, starts=datetime.time(16, 30), ends=datetime.time(18, 30),
                 function=Function.AFTER_SCHOOL)
    return room


@pytest.fixture
def resident(territory):
    return factories.resident(community=territory["a1"])


@pytest.fixture
def admin(territory):
    return factories.community_admin(territory["a1"])


@pytest.fixture
def other_admin(territory):
    return factories.community_admin(territory["a2"])


def at(day, hm):
    return local(day, hm)
