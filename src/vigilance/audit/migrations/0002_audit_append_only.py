"""Create the chain's head row, and make the trail append-only in the database itself.

PostgreSQL refuses UPDATE and DELETE on events with a trigger. SQLite refuses UPDATE; DELETE stays
possible there because Django's test flush empties tables with it, and a deleted event is caught
by ``verify_audit`` as a gap in the sequence anyway.
"""

from django.db import migrations

POSTGRESQL_FORWARD = """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
"""
POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_event_append_only;"


def create_head(apps, schema_editor):
    apps.get_model("audit", "AuditHead").objects.get_or_create(id=1)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
