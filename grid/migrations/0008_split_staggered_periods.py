"""Staggered periods were one kind; they are now early (before the regular opening) or late."""

import datetime

from django.db import migrations

NOON = datetime.time(12, 0)


def split(apps, schema_editor):
    OpeningPeriod = apps.get_model("grid", "OpeningPeriod")
    OpeningPeriod.objects.filter(kind="staggered", opens__lt=NOON).update(kind="staggered_early")
    OpeningPeriod.objects.filter(kind="staggered").update(kind="staggered_late")


def join(apps, schema_editor):
    OpeningPeriod = apps.get_model("grid", "OpeningPeriod")
    OpeningPeriod.objects.filter(kind__in=("staggered_early", "staggered_late")).update(kind="staggered")
    OpeningPeriod.objects.filter(kind="holiday_duty").delete()


class Migration(migrations.Migration):
    dependencies = [("grid", "0007_opening_hours_kinds_and_closures")]

    operations = [migrations.RunPython(split, join)]
