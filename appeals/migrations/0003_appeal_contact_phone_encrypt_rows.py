"""Step 2 of 3: encrypt every stored contact phone and compute its lookup hash (data only).

Batched by primary key; reversible (the reverse decrypts back into the plaintext column that
0004's reverse re-adds).
"""

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


def encrypt_contact_phones(apps, schema_editor):
    from taijiang.core.crypto import lookup_hash
    from taijiang.core.validators import normalize_mobile

    Appeal = apps.get_model("appeals", "Appeal")
    for rows in _batches(Appeal.objects.exclude(contact_phone="").only("pk", "contact_phone")):
        for appeal in rows:
            # update() runs the value through EncryptedTextField.get_prep_value: stored encrypted.
            Appeal.objects.filter(pk=appeal.pk).update(
                contact_phone_encrypted=appeal.contact_phone,
                contact_phone_hash=lookup_hash(normalize_mobile(appeal.contact_phone)))


def decrypt_contact_phones(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    for rows in _batches(Appeal.objects.exclude(contact_phone_hash="").only("pk", "contact_phone_encrypted")):
        for appeal in rows:
            Appeal.objects.filter(pk=appeal.pk).update(contact_phone=appeal.contact_phone_encrypted[:20],
                                                       contact_phone_encrypted="", contact_phone_hash="")


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0002_appeal_contact_phone_encrypted_columns'),
    ]

    operations = [
        migrations.RunPython(encrypt_contact_phones, decrypt_contact_phones),
    ]
