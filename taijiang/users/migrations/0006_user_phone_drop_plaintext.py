"""Step 3 of 3: drop the plaintext phone column; the encrypted column takes the name `phone`."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('users', '0005_user_phone_encrypt_rows'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='user',
            name='phone',
        ),
        migrations.RenameField(
            model_name='user',
            old_name='phone_encrypted',
            new_name='phone',
        ),
    ]
