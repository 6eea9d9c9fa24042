"""Fixtures of the audit tests: a private checkpoint file and key, and ways to tamper with rows."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from pytest_django.fixtures import Settings as SettingsWrapper

from vigilance.audit.models import AuditEvent
from vigilance.audit.services import audit_record


@pytest.fixture(autouse=True)
def checkpoint_file(settings: SettingsWrapper, tmp_path: Path) -> Path:
    """Each test signs checkpoints with its own key into its own (not yet existing) folder."""
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "audit-checkpoints" / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_KEY = "test checkpoint key"
    path: Path = settings.AUDIT_CHECKPOINT_PATH
    return path


def record_events(count: int, *, action: str = "test.event") -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            actor_label="job:test",
            action=action,
            object_type="thing",
            object_id=str(number),
            details={"number": number, "label": f"événement {number}"},
        )
        for number in range(count)
    ]


def lift_append_only_guard() -> None:
    """What an intruder with database rights does first: switch the trigger off (for this
    test's transaction only: both statements are rolled back with it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_append_only")


Tamper = Callable[[], None]


@pytest.fixture
def unguarded() -> Tamper:
    return lift_append_only_guard
