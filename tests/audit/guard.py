"""What the tests do to the trail's database guard: lift it as an intruder would, and empty the
trail before a transactional test's flush (the guard refuses to empty a trail holding events)."""

from django.db import connection, transaction

SQLITE_TRIGGERS = ("audit_event_append_only", "audit_event_no_delete")
POSTGRESQL_TRIGGERS = ("audit_event_append_only", "audit_event_no_truncate")


def lift_append_only_guard() -> None:
    """What an intruder with database rights does first: switch the triggers off (inside a test's
    transaction, this is rolled back with it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for trigger in POSTGRESQL_TRIGGERS:
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {trigger}")
        else:
            for trigger in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def trail_empty_for_flush() -> None:
    """Delete every event with the guard lifted, then put the guard back, in one transaction, so
    that the flush after a transactional test finds an empty trail it may truncate."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM audit_auditevent LIMIT 1")
        if cursor.fetchone() is None:
            return
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                ["audit_event_no_delete"],
            )
            (guard,) = cursor.fetchone()
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute(guard)
