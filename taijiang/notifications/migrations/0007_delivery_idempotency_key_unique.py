import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3 of 3: required and unique; every new row gets its own random key."""

    dependencies = [("notifications", "0006_delivery_idempotency_key_fill")]

    operations = [
        migrations.AlterField(
            model_name="delivery", name="idempotency_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="幂等键"),
        ),
    ]
