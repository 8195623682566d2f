"""Step 1 of 3 in encrypting Delivery.address (the phone or email a message went to): a new column.

0003 fills it from the plaintext column; 0004 drops the plaintext and takes its name.
"""

import taijiang.core.crypto
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_notification_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='delivery',
            name='address_encrypted',
            field=taijiang.core.crypto.EncryptedTextField(default='', help_text='邮箱或手机号', verbose_name='地址'),
            preserve_default=False,
        ),
    ]
