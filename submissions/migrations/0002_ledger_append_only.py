"""On PostgreSQL the database itself refuses to UPDATE or DELETE a ledger row.

The application code already has no such path (see PointEntry); the trigger
also stops a stray SQL statement. TRUNCATE (used to reset test databases) does
not fire row triggers. SQLite gets no trigger: its test runner empties tables
with DELETE.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION submissions_pointentry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'points ledger entries are append-only: % refused', TG_OP
        USING HINT = 'Correct an entry with a reversing entry.';
END
$$;
CREATE TRIGGER submissions_pointentry_append_only
BEFORE UPDATE OR DELETE ON submissions_pointentry
FOR EACH ROW EXECUTE FUNCTION submissions_pointentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS submissions_pointentry_append_only ON submissions_pointentry;
DROP FUNCTION IF EXISTS submissions_pointentry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
