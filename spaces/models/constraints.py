"""An exclusion constraint that exists only where the database can hold it.

PostgreSQL holds "no two active bookings of a room overlap" itself (GiST + btree_gist). SQLite
has no EXCLUDE: there the constraint renders no SQL and the booking service holds the same
rule inside its transaction (SQLite serialises writers). Model state is identical on both, so
`makemigrations --check` stays clean whichever database it runs against.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class TsTzRange(Func):
    function = "TSTZRANGE"

    def __init__(self, *expressions, **extra):
        from django.contrib.postgres.fields import DateTimeRangeField

        super().__init__(*expressions, output_field=DateTimeRangeField(), **extra)


def _is_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        # The booking service checks overlaps itself with a readable message; on PostgreSQL
        # the database is the last word. Model validation never needs the range query.
        if connections[using].vendor != "postgresql":
            return None
        return super().validate(model, instance, exclude=exclude, using=using)


__all__ = ["PostgresOnlyExclusionConstraint", "TsTzRange"]
