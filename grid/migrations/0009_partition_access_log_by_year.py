"""Partition grid_accesslog by year on PostgreSQL (taijiang/core/partitions.py); a no-op on SQLite."""

from django.db import migrations

from taijiang.core.partitions import migration_operations


class Migration(migrations.Migration):
    dependencies = [("grid", "0008_split_staggered_periods")]

    operations = [migrations.RunPython(*migration_operations("grid_accesslog", "created_at"))]
