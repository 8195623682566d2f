"""Step 3 of 3: drop the plaintext contact phone; the encrypted column takes the name `contact_phone`."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0003_appeal_contact_phone_encrypt_rows'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='appeal',
            name='contact_phone',
        ),
        migrations.RenameField(
            model_name='appeal',
            old_name='contact_phone_encrypted',
            new_name='contact_phone',
        ),
    ]
