"""Seal every event with the audit key, and refuse every way of removing events.

Events already written are checked link by link and sealed here, once: the migration vouches for
the trail as it stands, as its first checkpoint would, and refuses (naming the event) a trail
that does not verify. PostgreSQL now also refuses TRUNCATE of a trail that holds events; SQLite
refuses DELETE as well as UPDATE (it has no TRUNCATE: ``DELETE FROM`` fires the trigger).
"""

from django.db import migrations, models

from vigilance.audit import chain, keys

POSTGRESQL_GUARD = """
CREATE OR REPLACE FUNCTION audit_event_refuse_truncate() RETURNS trigger AS $$
BEGIN
    -- Emptying an empty trail changes nothing (a test database is flushed that way).
    IF EXISTS (SELECT 1 FROM audit_auditevent) THEN
        RAISE EXCEPTION 'the audit trail is append-only'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_truncate();
"""
POSTGRESQL_UNGUARD = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_truncate();
"""
SQLITE_UPDATE_GUARD = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
SQLITE_DELETE_GUARD = """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
SQLITE_UNGUARD = (  # SQLite runs one statement per call
    "DROP TRIGGER IF EXISTS audit_event_append_only",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
)
GENESIS_HASH = "0" * 64
BATCH = 10_000


def _checked_batch(events, previous_hash: str, expected: int) -> list[tuple[str, int]]:
    """(hash, sequence) of each event of the batch, after checking it like ``verify_audit``."""
    checked = []
    for event in events:
        fields = chain.event_fields(
            sequence=event.sequence,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            organisation=event.organisation,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            address=event.address,
            details=event.details,
        )
        if (
            event.sequence != expected
            or event.previous_hash != previous_hash
            or chain.chain_hash(previous_hash, fields) != event.hash
        ):
            raise RuntimeError(
                f"audit event {expected} does not verify: the trail is not sealed. Run "
                "manage.py verify_audit, restore the trail from a backup, then migrate again."
            )
        checked.append((event.hash, event.sequence))
        previous_hash, expected = event.hash, expected + 1
    return checked


def seal_existing_and_guard(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("audit", "AuditEvent")
    key = keys.audit_key_signing()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        elif connection.vendor == "sqlite":
            for statement in SQLITE_UNGUARD:
                cursor.execute(statement)
        previous_hash, expected = GENESIS_HASH, 1
        while True:
            events = list(
                AuditEvent.objects.filter(sequence__gte=expected).order_by("sequence")[:BATCH]
            )
            if not events:
                break
            checked = _checked_batch(events, previous_hash, expected)
            cursor.executemany(
                "UPDATE audit_auditevent SET key_id = %s, seal = %s WHERE sequence = %s",
                [
                    (key.id, keys.event_seal(key, event_hash), sequence)
                    for event_hash, sequence in checked
                ],
            )
            previous_hash, expected = checked[-1][0], checked[-1][1] + 1
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
            cursor.execute(POSTGRESQL_GUARD)
        elif connection.vendor == "sqlite":
            cursor.execute(SQLITE_UPDATE_GUARD)
            cursor.execute(SQLITE_DELETE_GUARD)


def unguard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_UNGUARD)
    elif vendor == "sqlite":
        for statement in SQLITE_UNGUARD:
            schema_editor.execute(statement)


def restore_update_guard(apps, schema_editor):
    """Going back past this migration: SQLite rebuilt the table without its columns, and with
    it dropped migration 0002's trigger, which this puts back."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UNGUARD:
            schema_editor.execute(statement)
        schema_editor.execute(SQLITE_UPDATE_GUARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_refusal_errcode")]
    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_update_guard),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=16),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.RunPython(seal_existing_and_guard, unguard),
    ]
