"""Step 1 of 3 in encrypting Appeal.contact_phone: add the encrypted column and its lookup hash.

0003 fills them from the plaintext column; 0004 drops the plaintext and takes its name.
"""

import taijiang.core.crypto
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0001_appeals_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='appeal',
            name='contact_phone_encrypted',
            field=taijiang.core.crypto.EncryptedTextField(blank=True, default='', verbose_name='联系电话'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_phone_hash',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=64),
            preserve_default=False,
        ),
    ]
