"""Re-encrypt every encrypted personal field with the newest FIELD_ENCRYPTION_KEYS key.

    python manage.py rotate_personal_data            # after putting a new key first
    python manage.py rotate_personal_data --rehash   # also recompute lookup hashes (new LOOKUP_HASH_KEY)

Covers every model with an EncryptedTextField (residents' ID numbers and phones, account phones,
appeal contact phones, service-request phones…), found through the app registry so a new one is
never forgotten. Works on the raw stored tokens (no plaintext in memory beyond one row with
--rehash), in batches, each batch in its own transaction; safe to run again (already-rotated
tokens are simply rotated again). With --rehash, each row's `<field>_hash` columns are recomputed
by the model's own save() (every model keeping such a hash computes it there).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from taijiang.core.crypto import EncryptedTextField, rotate

BATCH = 500


def encrypted_models():
    """(model, encrypted field names, hash field names) for every model holding encrypted fields."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            existing = {f.name for f in model._meta.concrete_fields}
            yield model, names, [f"{name}_hash" for name in names if f"{name}_hash" in existing]


class Command(BaseCommand):
    help = "Re-encrypt personal fields with the newest key (and optionally recompute lookup hashes)."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true",
                            help="recompute the *_hash lookup columns with the current LOOKUP_HASH_KEY")

    def handle(self, *args, rehash=False, **options):
        for model, names, hashes in encrypted_models():
            done = self._rotate(model, names, hashes if rehash else [])
            self.stdout.write(f"re-encrypted {done} {model._meta.model_name}s"
                              + (" and recomputed lookup hashes" if rehash and hashes else ""))

    def _rotate(self, model, names, hashes) -> int:
        columns = {name: model._meta.get_field(name).column for name in names}
        ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                # .values() with the encrypted fields would decrypt; read the raw tokens instead.
                rows = model._default_manager.filter(pk__in=ids[start:start + BATCH]).select_for_update().extra(
                    select={f"raw_{name}": column for name, column in columns.items()},
                ).values("pk", *(f"raw_{name}" for name in names))
                for row in rows:
                    tokens = {columns[name]: rotate(row[f"raw_{name}"]) for name in names if row[f"raw_{name}"]}
                    if tokens:
                        _write_raw(model, row["pk"], tokens)
                    if hashes:
                        model._default_manager.get(pk=row["pk"]).save(update_fields=hashes)
        return len(ids)


def _write_raw(model, pk, tokens: dict) -> None:
    """Store already-encrypted tokens without encrypting them again."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in tokens)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608
                       f"WHERE {quote(model._meta.pk.column)} = %s", [*tokens.values(), pk])
