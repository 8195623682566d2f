"""Step 2 of 3: encrypt every stored phone and compute its lookup hash (a data migration only).

Batched by primary key so a large table never sits in memory; reversible (0004's reverse re-adds the
plaintext column, this step's reverse decrypts into it). Residents who registered before this change
got the username "r<phone>": that copy of the number is replaced by a random one (residents log in
with their phone, never their username); the reverse does not restore those usernames.
"""

import secrets

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


def encrypt_phones(apps, schema_editor):
    from taijiang.core.crypto import lookup_hash

    User = apps.get_model("users", "User")
    for rows in _batches(User.objects.exclude(phone__isnull=True).exclude(phone="")):
        for user in rows:
            update = {"phone_encrypted": user.phone, "phone_hash": lookup_hash(user.phone)}
            if user.username == f"r{user.phone}":
                update["username"] = f"r{secrets.token_hex(6)}"
            # update() runs the value through EncryptedTextField.get_prep_value: stored encrypted.
            User.objects.filter(pk=user.pk).update(**update)


def decrypt_phones(apps, schema_editor):
    User = apps.get_model("users", "User")
    for rows in _batches(User.objects.exclude(phone_hash__isnull=True)):
        for user in rows:
            User.objects.filter(pk=user.pk).update(phone=user.phone_encrypted or None, phone_encrypted="",
                                                   phone_hash=None)


class Migration(migrations.Migration):

    dependencies = [
        ('users', '0004_user_phone_encrypted_columns'),
    ]

    operations = [
        migrations.RunPython(encrypt_phones, decrypt_phones),
    ]
