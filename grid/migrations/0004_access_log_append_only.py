"""Make the personal-data access log append-only in the database itself.

PostgreSQL: a trigger raises on UPDATE and DELETE (TRUNCATE, used only by test teardown and by a
DBA, is not a row operation). SQLite: a trigger raises on UPDATE; DELETE is left to the model and
the admin, because Django's test flush empties SQLite tables with DELETE.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION grid_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'grid_accesslog is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER grid_accesslog_append_only
    BEFORE UPDATE OR DELETE ON grid_accesslog
    FOR EACH ROW EXECUTE FUNCTION grid_accesslog_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS grid_accesslog_append_only ON grid_accesslog;
DROP FUNCTION IF EXISTS grid_accesslog_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER grid_accesslog_no_update BEFORE UPDATE ON grid_accesslog
BEGIN SELECT RAISE(ABORT, 'grid_accesslog is append-only (UPDATE refused)'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS grid_accesslog_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("grid", "0003_register_events_policy_access_log_imports")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
