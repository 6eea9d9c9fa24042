"""The database itself refuses to change or remove events, on PostgreSQL and SQLite alike."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import record_events
from vigilance.audit.models import AuditEvent
from vigilance.audit.selectors import audit_chain_verify

pytestmark = pytest.mark.django_db


def refused(statement: str) -> bool:
    """Whether the database refuses the raw statement (rolled back to a savepoint either way)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


def test_updating_an_event_in_raw_sql_is_refused() -> None:
    record_events(2)

    assert refused("UPDATE audit_auditevent SET action = 'test.changed' WHERE sequence = 1")
    assert audit_chain_verify().is_intact


def test_deleting_the_last_event_in_raw_sql_is_refused() -> None:
    record_events(3)

    assert refused("DELETE FROM audit_auditevent WHERE sequence = 3")
    assert AuditEvent.objects.count() == 3


def test_deleting_every_event_in_raw_sql_is_refused() -> None:
    record_events(3)

    assert refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 3


def test_deleting_through_the_orm_is_refused() -> None:
    record_events(2)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=2).delete()
    assert AuditEvent.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncating_the_trail_is_refused_on_postgresql() -> None:
    record_events(2)

    assert refused("TRUNCATE audit_auditevent")
    assert refused("TRUNCATE audit_auditevent, audit_audithead")
    assert AuditEvent.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncating_an_empty_trail_is_allowed_because_it_changes_nothing() -> None:
    assert not AuditEvent.objects.exists()

    assert not refused("TRUNCATE audit_auditevent")
