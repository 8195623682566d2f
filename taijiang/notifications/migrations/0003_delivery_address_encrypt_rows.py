"""Step 2 of 3: encrypt every stored delivery address (data only; batched; reversible)."""

from django.db import migrations

BATCH = 500


def _batches(queryset):
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def encrypt_addresses(apps, schema_editor):
    Delivery = apps.get_model("notifications", "Delivery")
    for rows in _batches(Delivery.objects.only("pk", "address")):
        for delivery in rows:
            # update() runs the value through EncryptedTextField.get_prep_value: stored encrypted.
            Delivery.objects.filter(pk=delivery.pk).update(address_encrypted=delivery.address)


def decrypt_addresses(apps, schema_editor):
    Delivery = apps.get_model("notifications", "Delivery")
    for rows in _batches(Delivery.objects.only("pk", "address_encrypted")):
        for delivery in rows:
            Delivery.objects.filter(pk=delivery.pk).update(address=delivery.address_encrypted[:200],
                                                           address_encrypted="")


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_delivery_address_encrypted_column'),
    ]

    operations = [
        migrations.RunPython(encrypt_addresses, decrypt_addresses),
    ]
