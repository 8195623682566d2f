"""Step 3 of 3: drop the plaintext address; the encrypted column takes the name `address`."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_delivery_address_encrypt_rows'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='delivery',
            name='address',
        ),
        migrations.RenameField(
            model_name='delivery',
            old_name='address_encrypted',
            new_name='address',
        ),
    ]
