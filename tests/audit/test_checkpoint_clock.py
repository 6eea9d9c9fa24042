"""Checkpoints are taken without anyone asking: every minute and at shutdown, in both shapes."""

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.audit.conftest import record_events
from tests.support.live_process import (
    BIN,
    PYTHON,
    REPO,
    LiveProcess,
    child_environment,
    free_port,
)
from vigilance.audit.checkpoints import CheckpointClock, audit_checkpoint_take, checkpoints_load
from vigilance.audit.models import AuditEvent
from vigilance.audit.tasks import audit_checkpoint_write as checkpoint_task


def wait_for(condition: Callable[[], bool], *, within: float = 60) -> bool:
    """Poll until ``condition`` holds (a bound on waiting, not a measure of speed)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def counts(path: Path) -> list[int]:
    return [checkpoint.count for checkpoint in checkpoints_load(path)]


@pytest.mark.django_db
def test_the_periodic_job_signs_the_new_events(checkpoint_file: Path) -> None:
    record_events(3)

    assert checkpoint_task.apply().get() == 3
    assert audit_checkpoint_take(occasion="periodic") is not None
    record_events(1)
    assert checkpoint_task.apply().get() == 4

    assert counts(checkpoint_file) == [3, 4]  # the unchanged chain was not signed twice


@pytest.mark.django_db
def test_stopping_the_clock_writes_the_shutdown_checkpoint(checkpoint_file: Path) -> None:
    record_events(2)
    clock = CheckpointClock(3600)

    checkpoint = clock.stop()

    assert checkpoint is not None
    assert checkpoint.count == 2
    assert counts(checkpoint_file) == [2]


# Serialised rollback like the other transactional audit test: its flush then leaves no content
# types re-made behind it for that test's restore to collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_running_clock_checkpoints_committed_events_on_its_own(checkpoint_file: Path) -> None:
    clock = CheckpointClock(0.05)
    clock.start()
    try:
        record_events(2)
        assert wait_for(lambda: 2 in counts(checkpoint_file))
        record_events(1)
        assert wait_for(lambda: 3 in counts(checkpoint_file))
    finally:
        clock.stop()
    assert max(counts(checkpoint_file)) == AuditEvent.objects.count() == 3


def _manage(environment: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    # A generous bound: migrating a fresh database takes minutes on a loaded shared machine.
    return subprocess.run(
        [PYTHON, "manage.py", *argv],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _record(environment: dict[str, str]) -> None:
    code = (
        "from vigilance.audit.services import audit_record; "
        "audit_record(actor=None, actor_label='job:test', action='test.live')"
    )
    assert _manage(environment, "shell", "-c", code).returncode == 0


def _embedded_server(environment: dict[str, str], log: Path) -> LiveProcess:
    return LiveProcess(
        [
            str(BIN / "gunicorn"),
            "vigilance.wsgi",
            "-c",
            str(REPO / "deploy" / "gunicorn.embedded.py"),
            "--bind",
            f"127.0.0.1:{free_port()}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        environment,
        log,
    )


def test_the_embedded_server_checkpoints_at_start_periodically_and_when_stopped(
    tmp_path: Path,
) -> None:
    var_dir = tmp_path / "var"
    path = var_dir / "audit" / "checkpoints.jsonl"
    environment = child_environment(
        var_dir=var_dir, database=f"sqlite:///{tmp_path / 'trail.sqlite3'}"
    )
    assert _manage(environment, "migrate", "--noinput", "-v", "0").returncode == 0
    _record(environment)

    periodic = _embedded_server(
        {**environment, "AUDIT_CHECKPOINT_SECONDS": "0.5"}, tmp_path / "a.log"
    )
    periodic.start()
    try:
        assert wait_for(lambda: counts(path) == [1]), periodic.output()  # at start
        _record(environment)
        assert wait_for(lambda: counts(path) == [1, 2]), periodic.output()  # a minute later
    finally:
        periodic.stop()

    at_shutdown = _embedded_server(
        {**environment, "AUDIT_CHECKPOINT_SECONDS": "3600"}, tmp_path / "b.log"
    )
    at_shutdown.start()
    try:
        assert wait_for(lambda: "Booting worker" in at_shutdown.output()), at_shutdown.output()
        _record(environment)
    finally:
        at_shutdown.stop(timeout=30)
    assert counts(path) == [1, 2, 3], at_shutdown.output()
    assert json.loads(path.read_text().splitlines()[-1])["count"] == 3

    verified = _manage(environment, "verify_audit")
    assert (verified.returncode, verified.stdout) == (0, "audit chain OK (3 events)\n")
