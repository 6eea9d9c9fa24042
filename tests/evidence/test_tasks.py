"""The periodic evidence jobs: re-hashing the whole store, purging files nobody attached."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from tests.evidence.stored import SECRET, ReceiveFile, custody_actions, flip_a_byte
from vigilance import celery_app
from vigilance.evidence import storage
from vigilance.evidence.models import Evidence
from vigilance.evidence.tasks import purge_abandoned_evidence, verify_evidence_batch

pytestmark = pytest.mark.django_db


def received_hours_ago(evidence: Evidence, hours: float) -> Evidence:
    Evidence.objects.filter(pk=evidence.pk).update(
        received_at=timezone.now() - dt.timedelta(hours=hours)
    )
    evidence.refresh_from_db()
    return evidence


def test_verification_walks_every_batch_and_logs_each_mismatch_without_content(
    receive_file: ReceiveFile, caplog: pytest.LogCaptureFixture
) -> None:
    files = [receive_file(SECRET + str(n).encode()) for n in range(5)]
    flip_a_byte(files[3])

    with caplog.at_level(logging.INFO, logger="vigilance.evidence"):
        failed = verify_evidence_batch(batch_size=2)

    assert failed == 1
    assert [custody_actions(f)[-1] for f in files] == [
        "verified",
        "verified",
        "verified",
        "integrity_failed",
        "verified",
    ]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [str(files[3].public_id) in r.getMessage() for r in errors] == [True]
    assert "Orange Money" not in caplog.text
    assert files[3].sha256 not in caplog.text


def test_verification_runs_through_the_task_queue(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)

    verify_evidence_batch.delay()

    assert custody_actions(evidence) == ["received", "verified"]


def test_purge_removes_only_old_staged_files(receive_file: ReceiveFile) -> None:
    old_staged = received_hours_ago(receive_file(SECRET, is_attached=False), 25)
    new_staged = received_hours_ago(receive_file(SECRET, is_attached=False), 23)
    old_attached = received_hours_ago(receive_file(SECRET, is_attached=True), 24 * 30)

    purged = purge_abandoned_evidence()

    assert purged == 1
    assert not storage.path_for(old_staged.storage_name).exists()
    assert storage.path_for(new_staged.storage_name).exists()
    assert storage.path_for(old_attached.storage_name).exists()
    old_staged.refresh_from_db()
    assert old_staged.deleted_at is not None
    assert custody_actions(old_staged) == ["received", "deleted"]
    assert custody_actions(new_staged) == custody_actions(old_attached) == ["received"]


def test_purge_is_idempotent_and_keeps_the_custody_trail(receive_file: ReceiveFile) -> None:
    staged = received_hours_ago(receive_file(SECRET, is_attached=False), 48)

    first, second = purge_abandoned_evidence(), purge_abandoned_evidence()

    assert (first, second) == (1, 0)
    assert Evidence.objects.filter(pk=staged.pk).exists()
    assert custody_actions(staged) == ["received", "deleted"]


def test_purged_files_are_not_verified_again(receive_file: ReceiveFile) -> None:
    staged = received_hours_ago(receive_file(SECRET, is_attached=False), 48)
    purge_abandoned_evidence()

    assert verify_evidence_batch() == 0
    assert custody_actions(staged) == ["received", "deleted"]


def test_both_jobs_are_in_the_periodic_schedule(settings) -> None:  # type: ignore[no-untyped-def]
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {verify_evidence_batch.name, purge_abandoned_evidence.name} <= scheduled
    assert verify_evidence_batch.name in celery_app.tasks
