"""``manage.py verify_audit``: the contract's output and exit status."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.audit.conftest import record_events
from tests.audit.guard import lift_append_only_guard
from vigilance.audit.checkpoints import audit_checkpoint_write
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def run_verify(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_intact_chain_prints_exactly_the_contract_line_and_exits_0() -> None:
    record_events(7)
    audit_checkpoint_write()
    total = AuditEvent.objects.count()

    status, out, err = run_verify()

    assert (status, out, err) == (0, f"audit chain OK ({total} events)\n", "")


def test_intact_chain_without_any_checkpoint_passes_with_a_warning(checkpoint_file: Path) -> None:
    record_events(3)

    status, out, err = run_verify()

    assert (status, out) == (0, "audit chain OK (3 events)\n")
    assert err == (
        f"warning: no signed checkpoint in {checkpoint_file}: a cut tail would go unnoticed\n"
    )


def test_empty_trail_is_intact() -> None:
    assert not AuditEvent.objects.exists()

    assert run_verify() == (0, "audit chain OK (0 events)\n", "")


def test_altered_event_exits_1_naming_its_sequence() -> None:
    record_events(5)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=4).update(details={"number": "rewritten"})

    status, out, err = run_verify()

    assert status == 1
    assert out == ""
    assert err.startswith("audit chain BROKEN at event 4: altered")


def test_deleted_event_exits_1_naming_the_gap() -> None:
    record_events(5)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=2).delete()

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 2: missing: gap in the sequence")


def test_broken_link_exits_1_naming_the_event() -> None:
    record_events(5)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=5).update(previous_hash="0" * 64)

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 5: broken link")
