"""Yearly partitions for the history tables that grow with every action (issue #18, point 4).

A timeline row is written for every step of every appeal, ticket and service request, and a row
of the access log for every revealed ID number or phone: after five years of Taijiang that is
millions of rows each. On PostgreSQL these tables are range-partitioned by the year of their time
column (in the portal's time zone), with a DEFAULT partition for anything outside the years made
so far, so that:

- request paths that read a period (dashboards, the figures, the access log's recent rows) touch
  only that period's partitions, and timelines read by their subject add a lower time bound (the
  subject's creation) so that old years are pruned from the plan;
- an old year leaves the request paths whole: `archive_expired()` detaches the partitions older
  than the table's retention (`HISTORY_RETENTION_YEARS`) and renames them `archive_<partition>`,
  a plain table an operator can dump and drop (docs/performance.md, "History and retention");
- vacuum and index maintenance work per year instead of on one ever-growing table.

A partitioned table's primary key must hold the partition column, so the key is `(id, <time>)`;
Django still addresses rows by `id`, which the identity sequence keeps unique. Tables with a
unique constraint, or referenced by a foreign key, cannot be partitioned this way and are refused
(`partition_by_year` raises). The history models stay ordinary Django models: SQLite (the
`make run` default and the fresh-machine tests) keeps plain tables and every function here is a
no-op there.
"""

import datetime
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction
from django.utils import timezone

from taijiang.core.conf import setting


@dataclass(frozen=True)
class HistoryTable:
    table: str
    column: str


# What is partitioned; the migration of each app converts its own table (RunPython).
HISTORY_TABLES = (
    HistoryTable("appeals_appealevent", "at"),
    HistoryTable("services_ticketevent", "at"),
    HistoryTable("services_requestevent", "at"),
    HistoryTable("grid_accesslog", "created_at"),
)
YEARS_AHEAD = 1  # partitions exist for the current year and the next (ensure_partitions runs daily)


def _year_start(year: int) -> datetime.datetime:
    # The portal's own time zone, never a request's activated one: bounds must match the partitions.
    return timezone.make_aware(datetime.datetime(year, 1, 1), timezone.get_default_timezone())


def _bounds(year: int) -> str:
    # Literals built here from integers, never from input: DDL takes no parameters.
    return f"FROM ('{_year_start(year).isoformat()}') TO ('{_year_start(year + 1).isoformat()}')"


def _quote(name: str) -> str:
    return default_connection.ops.quote_name(name)


def is_partitioned(table: str, *, connection=None) -> bool:
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
        return cursor.fetchone() is not None


def partition_years(table: str, *, connection=None) -> list[int]:
    """The years that have their own partition (not the default one, not archived)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)", [table])
        names = [row[0] for row in cursor.fetchall()]
    prefix = f"{table}_y"
    return sorted(int(name[len(prefix):]) for name in names if name.startswith(prefix))


def _definitions(cursor, table: str) -> dict:
    """What a rebuild must put back: indexes, check and foreign-key constraints, user triggers."""
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s))",
        [table, table])
    indexes = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%s) AND contype IN ('c', 'f', 'u', 'x') AND conparentid = 0", [table])
    constraints = cursor.fetchall()
    if any(kind in ("u", "x") for _name, kind, _def in constraints):
        raise RuntimeError(f"{table} has a unique or exclusion constraint: it cannot be partitioned by time")
    cursor.execute("SELECT conname FROM pg_constraint WHERE confrelid = to_regclass(%s) AND contype = 'f'", [table])
    if cursor.fetchone():
        raise RuntimeError(f"{table} is referenced by a foreign key: it cannot be partitioned by time")
    cursor.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
                   "AND NOT tgisinternal", [table])
    triggers = [row[0] for row in cursor.fetchall()]
    return {"indexes": indexes, "constraints": [(n, d) for n, _k, d in constraints], "triggers": triggers}


def _user_triggers(cursor, table: str) -> list[str]:
    cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal", [table])
    return [row[0] for row in cursor.fetchall()]


def _rebuild(cursor, table: str, column: str, *, partitioned: bool) -> None:
    """Copy `table` into a new table of the same columns, partitioned by year or plain, and put back
    its key, constraints, indexes and triggers (created after the copy: the usual bulk-load order)."""
    saved = _definitions(cursor, table)
    old = f"{table}__rebuild"
    q = _quote
    cursor.execute(f"ALTER TABLE {q(table)} RENAME TO {q(old)}")
    partition_clause = f" PARTITION BY RANGE ({q(column)})" if partitioned else ""
    cursor.execute(f"CREATE TABLE {q(table)} (LIKE {q(old)} INCLUDING DEFAULTS INCLUDING IDENTITY "
                   f"INCLUDING STORAGE){partition_clause}")
    if partitioned:
        cursor.execute(f"SELECT extract(year FROM min({q(column)} AT TIME ZONE %s))::int FROM {q(old)}",
                       [timezone.get_default_timezone_name()])
        first = cursor.fetchone()[0] or timezone.localdate().year
        for year in range(first, timezone.localdate().year + YEARS_AHEAD + 1):
            cursor.execute(f"CREATE TABLE {q(f'{table}_y{year}')} PARTITION OF {q(table)} "
                           f"FOR VALUES {_bounds(year)}")
        cursor.execute(f"CREATE TABLE {q(f'{table}_default')} PARTITION OF {q(table)} DEFAULT")
    cursor.execute(f"INSERT INTO {q(table)} SELECT * FROM {q(old)}")
    cursor.execute(f"DROP TABLE {q(old)} CASCADE")
    key = f"id, {q(column)}" if partitioned else "id"
    cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(f'{table}_pkey')} PRIMARY KEY ({key})")
    for name, definition in saved["constraints"]:
        cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")
    for definition in saved["indexes"] + saved["triggers"]:
        cursor.execute(definition)
    cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) "
                   f"FROM {q(table)}", [table])
    cursor.execute(f"ANALYZE {q(table)}")


def partition_by_year(table: str, column: str, *, connection=None) -> None:
    """Turn a plain history table into one partitioned by year (PostgreSQL; no-op elsewhere)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql" or is_partitioned(table, connection=connection):
        return
    with connection.cursor() as cursor:
        _rebuild(cursor, table, column, partitioned=True)


def unpartition(table: str, column: str, *, connection=None) -> None:
    """The reverse of partition_by_year (a migration rolled back); archived years are not brought back."""
    connection = connection or default_connection
    if connection.vendor != "postgresql" or not is_partitioned(table, connection=connection):
        return
    with connection.cursor() as cursor:
        _rebuild(cursor, table, column, partitioned=False)


def migration_operations(table: str, column: str):
    """The RunPython pair an app's migration uses to partition one of its tables."""

    def forward(apps, schema_editor):
        partition_by_year(table, column, connection=schema_editor.connection)

    def backward(apps, schema_editor):
        unpartition(table, column, connection=schema_editor.connection)

    return forward, backward


def ensure_partitions(*, today: datetime.date | None = None, since: datetime.date | None = None,
                      connection=None) -> list[str]:
    """Create the partitions of this year and the next (and of every year from `since`, for a bulk load
    of past history) where missing; rows already in the default partition for such a year are moved
    into it. Returns the partitions created."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return []
    today = today or timezone.localdate()
    created = []
    q = _quote
    for history in HISTORY_TABLES:
        if not is_partitioned(history.table, connection=connection):
            continue
        have = set(partition_years(history.table, connection=connection))
        first = min(since.year, today.year) if since else today.year
        for year in range(first, today.year + YEARS_AHEAD + 1):
            if year in have:
                continue
            name = f"{history.table}_y{year}"
            default = q(f"{history.table}_default")
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                # A new partition may not overlap rows the default partition holds: move them in. The
                # move is not a deletion of history, so the append-only triggers are off for it.
                cursor.execute(f"CREATE TABLE {q(name)} (LIKE {q(history.table)} INCLUDING DEFAULTS "
                               f"INCLUDING CONSTRAINTS)")
                in_year = f"{q(history.column)} >= %s AND {q(history.column)} < %s"
                bounds = [_year_start(year), _year_start(year + 1)]
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {default} WHERE {in_year})", bounds)
                if cursor.fetchone()[0]:
                    triggers = _user_triggers(cursor, history.table)
                    if triggers:
                        cursor.execute(f"ALTER TABLE {default} DISABLE TRIGGER USER")
                    cursor.execute(f"WITH moved AS (DELETE FROM {default} WHERE {in_year} RETURNING *) "
                                   f"INSERT INTO {q(name)} SELECT * FROM moved", bounds)
                    if triggers:
                        cursor.execute(f"ALTER TABLE {default} ENABLE TRIGGER USER")
                cursor.execute(f"ALTER TABLE {q(history.table)} ATTACH PARTITION {q(name)} FOR VALUES {_bounds(year)}")
            created.append(name)
    return created


def retention_years(table: str) -> int:
    """Years of history kept on the request paths (0: forever), from HISTORY_RETENTION_YEARS."""
    return int(setting("HISTORY_RETENTION_YEARS").get(table, 0))


def archive_expired(*, today: datetime.date | None = None, connection=None) -> list[str]:
    """Detach the yearly partitions past their table's retention and rename them `archive_…`.

    With a retention of N years, the current year and the N before it stay attached. The rows are
    not deleted: an archived year is a plain table for the operator to dump and drop."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return []
    today = today or timezone.localdate()
    archived = []
    for history in HISTORY_TABLES:
        keep = retention_years(history.table)
        if not keep or not is_partitioned(history.table, connection=connection):
            continue
        for year in partition_years(history.table, connection=connection):
            if year >= today.year - keep:
                continue
            name = f"{history.table}_y{year}"
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {_quote(history.table)} DETACH PARTITION {_quote(name)}")
                # An archive is a record, not a dependant: its foreign keys would block deleting a user or
                # a window (and flushing the database) while it sits there.
                cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype = 'f'",
                               [name])
                for (constraint,) in cursor.fetchall():
                    cursor.execute(f"ALTER TABLE {_quote(name)} DROP CONSTRAINT {_quote(constraint)}")
                cursor.execute(f"ALTER TABLE {_quote(name)} RENAME TO {_quote('archive_' + name)}")
            archived.append(f"archive_{name}")
    return archived
