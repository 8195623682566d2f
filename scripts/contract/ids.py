"""Print the ids and codes of the seeded database that scripts/contract/hooks.py puts in bodies."""

import json

from django.utils import timezone

from appeals.models import Category
from grid.models import Building, Household, Resident, ServiceCentre, Visit
from services.models import AppointmentSlot, ItemMaterial, ServiceItem, ServiceRequest, Window
from spaces.models import Room


def ids(queryset, field="pk", limit=40):
    return list(queryset.order_by(field).values_list(field, flat=True)[:limit])


resident_ids = ids(Resident.objects.all())
print(json.dumps({
    "slot": ids(AppointmentSlot.objects.filter(start__gt=timezone.now())),
    "window": ids(Window.objects.all()), "to_window": ids(Window.objects.all()),
    "room": ids(Room.objects.filter(is_active=True)), "building": ids(Building.objects.all()),
    "centre": ids(ServiceCentre.objects.all()), "household": ids(Household.objects.filter(is_active=True)),
    "resident": resident_ids, "met_residents": resident_ids, "visit": ids(Visit.objects.all()),
    "material": ids(ItemMaterial.objects.all()),
    "item": ids(ServiceItem.objects.filter(status="active"), "code"),
    "items": ids(ServiceItem.objects.filter(status="active"), "code"),
    "category": ids(Category.objects.filter(is_active=True), "code"),
    "requests": ids(ServiceRequest.objects.all(), "number"),
}))
