"""Evidence at rest: encrypted, re-hashed on every read and check, each access in the custody log."""

import hashlib

import pytest

from tests.evidence.stored import SECRET, ReceiveFile, custody_actions, flip_a_byte
from vigilance.evidence import crypto, storage
from vigilance.evidence.models import CustodyEvent
from vigilance.evidence.services import (
    EvidenceIntegrityError,
    evidence_read,
    evidence_verify,
)

pytestmark = pytest.mark.django_db


def test_file_on_disk_holds_neither_the_content_nor_its_hash(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)

    on_disk = storage.path_for(evidence.storage_name).read_bytes()
    digest = hashlib.sha256(SECRET)
    assert SECRET not in on_disk
    assert b"650112233" not in on_disk
    assert digest.hexdigest().encode() not in on_disk
    assert digest.digest() not in on_disk
    assert evidence.sha256 == digest.hexdigest()
    assert crypto.decrypt(on_disk) == SECRET


def test_stored_file_is_named_by_the_platform_not_by_the_reporter(
    receive_file: ReceiveFile, settings
) -> None:  # type: ignore[no-untyped-def]
    evidence = receive_file(SECRET, name="../../etc/passwd")

    path = storage.path_for(evidence.storage_name)
    assert path.resolve().is_relative_to(settings.EVIDENCE_ROOT.resolve())
    assert "passwd" not in evidence.storage_name
    assert evidence.original_name == "passwd"


def test_control_characters_are_removed_from_the_shown_name(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET, name="re\x1b[31mcu\r\n\x00.txt")

    assert evidence.original_name == "re[31mcu.txt"


def test_verify_records_an_intact_file(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)

    assert evidence_verify(evidence=evidence, actor_label="evidence job") is True
    assert custody_actions(evidence) == ["received", "verified"]


def test_verify_detects_a_stored_file_altered_on_disk(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)
    flip_a_byte(evidence)

    assert evidence_verify(evidence=evidence, actor_label="evidence job") is False
    assert custody_actions(evidence) == ["received", "integrity_failed"]


def test_verify_detects_a_file_replaced_by_other_content_under_a_valid_key(
    receive_file: ReceiveFile,
) -> None:
    evidence = receive_file(SECRET)
    storage.write_durably(evidence.storage_name, crypto.encrypt(b"Une autre capture."))

    assert evidence_verify(evidence=evidence, actor_label="evidence job") is False
    assert custody_actions(evidence)[-1] == "integrity_failed"


def test_verify_detects_a_missing_file(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)
    storage.delete(evidence.storage_name)

    assert evidence_verify(evidence=evidence, actor_label="evidence job") is False


def test_reading_a_tampered_file_fails_and_is_recorded(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)
    flip_a_byte(evidence)

    with pytest.raises(EvidenceIntegrityError):
        evidence_read(
            evidence=evidence, actor=None, actor_label="investigator", purpose="case file"
        )
    failed = evidence.custody.get(action=CustodyEvent.Action.INTEGRITY_FAILED)
    assert (failed.actor_label, failed.purpose) == ("investigator", "case file")


def test_every_access_is_in_the_custody_log_in_order(receive_file: ReceiveFile) -> None:
    evidence = receive_file(SECRET)

    content = evidence_read(
        evidence=evidence, actor=None, actor_label="investigator", purpose="requisition"
    )
    evidence_verify(evidence=evidence, actor_label="evidence job")
    evidence_read(evidence=evidence, actor=None, actor_label="prosecutor", purpose="hearing")

    assert content == SECRET
    assert list(evidence.custody.values_list("action", "actor_label")) == [
        ("received", "reporter"),
        ("read", "investigator"),
        ("verified", "evidence job"),
        ("read", "prosecutor"),
    ]
