"""A canteen at a community centre, register entries with ages and tags, and published meals."""

import datetime
from decimal import Decimal

from django.utils import timezone

from canteen.models import Canteen, Dish, Meal, MealStatus
from grid.models import Household, Resident, Tag
from tests import factories

_door = iter(range(100, 100000))


def canteen_for(community, **kwargs) -> Canteen:
    centre = factories.ServiceCentreFactory(community=community)
    return Canteen.objects.create(centre=centre, community=community, name=f"{community.name}长者食堂", **kwargs)


def household(building) -> Household:
    return Household.objects.create(building=building, door_number=str(next(_door)))


def person(household, *, age: int | None = 70, name="居民", tags=(), user=None, on=None, **kwargs) -> Resident:
    """A register entry who is `age` on `on` (today by default): born `age` years and a day before."""
    on = on or timezone.localdate()
    birth = None
    if age is not None:
        birth = on.replace(year=on.year - age) - datetime.timedelta(days=1)
    resident = Resident.objects.create(household=household, name=name, sex="F", birth_date=birth, user=user,
                                       **kwargs)
    if tags:
        resident.tags.set(Tag.objects.filter(code__in=tags))
    return resident


def meal(canteen, *, day=None, sitting="lunch", price="10.00", capacity=50, dishes=("红烧肉套餐", "软食套餐"),
         status=MealStatus.PUBLISHED) -> Meal:
    day = day or timezone.localdate() + datetime.timedelta(days=1)
    row = Meal.objects.create(canteen=canteen, date=day, sitting=sitting, price=Decimal(price), capacity=capacity,
                              status=status, published_at=timezone.now() if status == MealStatus.PUBLISHED else None)
    Dish.objects.bulk_create([Dish(meal=row, name=name, position=i) for i, name in enumerate(dishes)])
    return row
