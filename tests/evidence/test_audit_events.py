"""Evidence in the audit trail: staff reads, integrity failures, rotations and deletions are
audited in the same transaction as their custody event, and the chain stays intact."""

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.evidence.stored import SECRET, ReceiveFile, flip_a_byte
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.audit.selectors import audit_chain_verify
from vigilance.evidence import crypto
from vigilance.evidence.models import Evidence
from vigilance.evidence.services import (
    EvidenceIntegrityError,
    evidence_read,
    evidence_reencrypt,
)
from vigilance.evidence.tasks import purge_abandoned_evidence, verify_evidence_batch

pytestmark = pytest.mark.django_db


def audited(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def test_staff_read_writes_an_evidence_read_event_naming_the_file_not_its_content(
    receive_file: ReceiveFile, investigator_centre: User
) -> None:
    evidence = receive_file(SECRET)

    evidence_read(
        evidence=evidence, actor=investigator_centre, actor_label="", purpose="case review"
    )

    [event] = audited("evidence.read")
    assert event.actor_id == investigator_centre.pk
    assert investigator_centre.organisation is not None
    assert event.organisation == investigator_centre.organisation.code
    assert (event.object_type, event.object_id) == ("evidence", str(evidence.public_id))
    assert event.details == {"purpose": "case review"}
    assert evidence.original_name not in str(event.details)
    assert audit_chain_verify().is_intact


def test_download_is_audited_as_such_and_logged_in_custody(
    receive_file: ReceiveFile, investigator_centre: User
) -> None:
    evidence = receive_file(SECRET)

    evidence_read(
        evidence=evidence,
        actor=investigator_centre,
        actor_label="",
        purpose="download",
        downloaded=True,
    )

    assert len(audited("evidence.downloaded")) == 1
    assert evidence.custody.filter(action="downloaded").count() == 1


def test_read_without_a_staff_actor_is_only_in_the_custody_log(
    receive_file: ReceiveFile,
) -> None:
    evidence = receive_file(SECRET)

    evidence_read(evidence=evidence, actor=None, actor_label="prosecutor", purpose="hearing")

    assert audited("evidence.read") == []
    assert evidence.custody.filter(action="read").count() == 1


def test_failed_read_is_audited_as_an_integrity_failure(
    receive_file: ReceiveFile, investigator_centre: User
) -> None:
    evidence = receive_file(SECRET)
    flip_a_byte(evidence)

    with pytest.raises(EvidenceIntegrityError):
        evidence_read(evidence=evidence, actor=investigator_centre, actor_label="", purpose="x")

    [event] = audited("evidence.integrity_failed")
    assert event.actor_id == investigator_centre.pk
    assert evidence.custody.filter(action="integrity_failed").count() == 1


def test_rehash_job_audits_each_integrity_failure_only(receive_file: ReceiveFile) -> None:
    intact, damaged = receive_file(SECRET), receive_file(SECRET + b"2")
    flip_a_byte(damaged)

    verify_evidence_batch()

    [event] = audited("evidence.integrity_failed")
    assert event.object_id == str(damaged.public_id)
    assert event.actor_id is None
    assert event.actor_label == "evidence job"
    assert not AuditEvent.objects.filter(object_id=str(intact.public_id)).exists()


def test_purge_audits_the_deletion(receive_file: ReceiveFile) -> None:
    staged = receive_file(SECRET, is_attached=False)
    Evidence.objects.filter(pk=staged.pk).update(received_at=timezone.now() - dt.timedelta(days=2))

    purge_abandoned_evidence()

    [event] = audited("evidence.deleted")
    assert event.object_id == str(staged.public_id)


def test_rotation_audits_the_reencryption(
    receive_file: ReceiveFile, settings: Settings, evidence_key: str
) -> None:
    evidence = receive_file(SECRET)
    settings.EVIDENCE_KEYS = [Fernet.generate_key().decode(), evidence_key]
    crypto._keys.cache_clear()

    evidence_reencrypt(evidence=evidence, actor_label="rotate_evidence_keys")

    [event] = audited("evidence.reencrypted")
    assert event.actor_label == "rotate_evidence_keys"
    assert audit_chain_verify().is_intact
