"""Partition appeals_appealevent by year on PostgreSQL (taijiang/core/partitions.py); a no-op on SQLite."""

from django.db import migrations

from taijiang.core.partitions import migration_operations


class Migration(migrations.Migration):
    dependencies = [("appeals", "0009_appeal_satisfaction_recorded_by_staff")]

    operations = [migrations.RunPython(*migration_operations("appeals_appealevent", "at"))]
