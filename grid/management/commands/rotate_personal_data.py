"""Re-encrypt every resident's ID number and phone with the newest FIELD_ENCRYPTION_KEYS key.

    python manage.py rotate_personal_data            # after putting a new key first
    python manage.py rotate_personal_data --rehash   # also recompute lookup hashes (new LOOKUP_HASH_KEY)

Works on the raw stored tokens (no plaintext in memory beyond one row with --rehash), in
batches, each batch in its own transaction; safe to run again (already-rotated tokens are
simply rotated again).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from grid.models import Resident
from taijiang.core.crypto import lookup_hash, rotate

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt residents' personal fields with the newest key (and optionally recompute lookup hashes)."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true",
                            help="recompute id_number_hash/phone_hash with the current LOOKUP_HASH_KEY")

    def handle(self, *args, rehash=False, **options):
        ids = list(Resident.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            with transaction.atomic():
                # .values() with the encrypted fields would decrypt; read the raw tokens instead.
                rows = Resident.objects.filter(pk__in=chunk).select_for_update().extra(
                    select={"raw_id": "id_number", "raw_phone": "phone"}).values("pk", "raw_id", "raw_phone")
                for row in rows:
                    update = {}
                    if row["raw_id"]:
                        update["id_number"] = rotate(row["raw_id"])
                    if row["raw_phone"]:
                        update["phone"] = rotate(row["raw_phone"])
                    if update:
                        _write_raw(row["pk"], update)
                    if rehash:
                        resident = Resident.objects.get(pk=row["pk"])
                        Resident.objects.filter(pk=row["pk"]).update(
                            id_number_hash=lookup_hash(resident.id_number) if resident.id_number else None,
                            phone_hash=lookup_hash(resident.phone) if resident.phone else "")
                    done += 1
        self.stdout.write(f"re-encrypted {done} residents" + (" and recomputed lookup hashes" if rehash else ""))


def _write_raw(pk: int, tokens: dict) -> None:
    """Store already-encrypted tokens without encrypting them again."""
    from django.db import connection

    table = Resident._meta.db_table
    assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in tokens)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                       [*tokens.values(), pk])
