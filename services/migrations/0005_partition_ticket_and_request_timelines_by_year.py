"""Partition the ticket and request timelines by year on PostgreSQL (taijiang/core/partitions.py).

Both grow with every step of every ticket and request; a no-op on SQLite."""

from django.db import migrations

from taijiang.core.partitions import migration_operations


class Migration(migrations.Migration):
    dependencies = [("services", "0004_fill_item_aliases")]

    operations = [
        migrations.RunPython(*migration_operations("services_ticketevent", "at")),
        migrations.RunPython(*migration_operations("services_requestevent", "at")),
    ]
