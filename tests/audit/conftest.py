"""Fixtures of the audit tests: a private checkpoint file and audit key, and events to record."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from vigilance.audit.models import AuditEvent
from vigilance.audit.services import audit_record


@pytest.fixture(autouse=True)
def checkpoint_file(settings: SettingsWrapper, tmp_path: Path) -> Path:
    """Each test seals and signs with its own key into its own (not yet existing) folder."""
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "audit-checkpoints" / "checkpoints.jsonl"
    settings.AUDIT_KEYS = [AUDIT_TEST_KEY]
    path: Path = settings.AUDIT_CHECKPOINT_PATH
    return path


AUDIT_TEST_KEY = "the audit key of the tests, never in the database"


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
