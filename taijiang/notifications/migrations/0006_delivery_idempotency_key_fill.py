import uuid

from django.db import migrations


def fill_keys(apps, schema_editor):
    """Every existing delivery gets its own random key (a shared default would break uniqueness)."""
    Delivery = apps.get_model("notifications", "Delivery")
    # Batches re-read from the start (no open cursor while updating: SQLite does not allow it).
    while batch := list(Delivery.objects.filter(idempotency_key__isnull=True).only("pk")[:2000]):
        for delivery in batch:
            delivery.idempotency_key = uuid.uuid4()
        Delivery.objects.bulk_update(batch, ["idempotency_key"])


class Migration(migrations.Migration):
    """Step 2 of 3 (data only)."""

    dependencies = [("notifications", "0005_delivery_idempotency_key_add")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
