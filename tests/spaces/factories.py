import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from grid.models import OpeningPeriod
from spaces.models import Function, Room, TimeSlice
from tests.factories import ServiceCentreFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    centre = factory.SubFactory(ServiceCentreFactory)
    name = factory.Sequence(lambda n: f"活动室{n}")
    kind = Room.Kind.OPEN
    area_m2 = Decimal("40")
    capacity = 20
    min_notice_hours = 1
    max_notice_days = 30
    min_duration_minutes = 30
    max_duration_minutes = 240
    buffer_minutes = 0
    weekly_quota = 3
    needs_approval = False


class SliceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeSlice

    room = factory.SubFactory(RoomFactory)
    weekday = 1
    starts = datetime.time(8, 0)
    ends = datetime.time(21, 0)
    function = Function.GENERAL


def open_all_week(centre, opens=datetime.time(8, 0), closes=datetime.time(21, 0)):
    OpeningPeriod.objects.bulk_create(
        [OpeningPeriod(centre=centre, weekday=d, opens=opens, closes=closes) for d in range(7)])


def local(day: datetime.date, hm: str) -> datetime.datetime:
    hour, minute = map(int, hm.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
