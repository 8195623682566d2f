"""A trigram index on residents' names for the household search (PostgreSQL only).

`name__icontains` compiles to `UPPER(name) LIKE UPPER('%…%')` on PostgreSQL; a GIN index over
`UPPER(name)` with pg_trgm's operator class answers it without reading every resident. SQLite keeps
the plain scan (the embedded demo is small).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS resident_name_trgm_idx ON grid_resident USING gin (UPPER(name) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS resident_name_trgm_idx"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("grid", "0005_default_tags")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
