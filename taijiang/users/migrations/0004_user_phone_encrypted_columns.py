"""Step 1 of 3 in encrypting User.phone: add the encrypted column and the keyed-hash column.

0003 fills them from the plaintext column; 0004 drops the plaintext and takes its name.
"""

import taijiang.core.crypto
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('users', '0003_drop_drf_authtoken_table'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='phone_encrypted',
            field=taijiang.core.crypto.EncryptedTextField(blank=True, default='', verbose_name='手机号'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='user',
            name='phone_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
    ]
