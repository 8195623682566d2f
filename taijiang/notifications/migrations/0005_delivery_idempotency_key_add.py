from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3: the column, nullable, so existing rows can be given their own keys."""

    dependencies = [("notifications", "0004_delivery_address_drop_plaintext")]

    operations = [
        migrations.AddField(
            model_name="delivery", name="idempotency_key",
            field=models.UUIDField(null=True, editable=False, verbose_name="幂等键"),
        ),
    ]
