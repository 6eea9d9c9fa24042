"""What ``audit_record`` appends (raw SQL on PostgreSQL, the ORM on SQLite) verifies, seal included."""

import pytest

from vigilance.audit.models import AuditEvent, AuditHead
from vigilance.audit.selectors import audit_chain_verify
from vigilance.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_accents_nested_details_and_numbers_chain_and_verify() -> None:
    for details in (
        {"région": "Extrême-Nord", "montant": 75000.5, "liste": [1, "deux", None]},
        {"note": "l'agent a dit « payez »", "nested": {"b": True, "a": 0}},
        {},
    ):
        audit_record(actor=None, actor_label="job:éprouver", action="test.append", details=details)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [event.sequence for event in events][-3:] == [
        events[-3].sequence,
        events[-3].sequence + 1,
        events[-3].sequence + 2,
    ]
    assert events[-1].previous_hash == events[-2].hash
    assert AuditHead.objects.get(id=1).hash == events[-1].hash
    assert audit_chain_verify().is_intact


def test_the_returned_event_is_the_stored_one() -> None:
    event = audit_record(actor=None, actor_label="job", action="test.returned", object_id=42)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.sequence, stored.hash, stored.object_id) == (event.sequence, event.hash, "42")


def test_an_emptied_head_is_made_again() -> None:
    AuditHead.objects.all().delete()
    AuditEvent.objects.all().delete()
    event = audit_record(actor=None, actor_label="job", action="test.fresh")
    assert event.sequence == 1
    assert audit_chain_verify().is_intact
