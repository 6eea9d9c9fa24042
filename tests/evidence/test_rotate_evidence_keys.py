"""Key rotation: every file ends under the current key, still opens, and nothing is lost on rerun."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command

from tests.evidence.stored import SECRET, ReceiveFile, custody_actions, flip_a_byte
from vigilance.evidence import crypto, storage
from vigilance.evidence.models import Evidence
from vigilance.evidence.services import evidence_read

pytestmark = pytest.mark.django_db


def rotate() -> str:
    out = StringIO()
    call_command("rotate_evidence_keys", "--batch-size", "2", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def new_key(settings, evidence_key: str) -> str:  # type: ignore[no-untyped-def]
    """A new key put first, the old one kept to read what it encrypted."""
    key = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [key, evidence_key]
    crypto._keys.cache_clear()
    return key


def test_rotation_reencrypts_every_file_under_the_new_key(
    receive_file: ReceiveFile, evidence_key: str, settings
) -> None:  # type: ignore[no-untyped-def]
    files = [receive_file(SECRET + str(n).encode()) for n in range(3)]
    old_fingerprint = files[0].key_fingerprint
    new = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [new, evidence_key]
    crypto._keys.cache_clear()

    output = rotate()

    assert "re-encrypted 3 evidence files" in output
    for evidence in files:
        evidence.refresh_from_db()
        token = storage.read(evidence.storage_name)
        assert evidence.key_fingerprint == crypto.current_key_fingerprint() != old_fingerprint
        assert Fernet(new.encode()).decrypt(token) == SECRET + str(files.index(evidence)).encode()
        with pytest.raises(InvalidToken):
            Fernet(evidence_key.encode()).decrypt(token)
        assert custody_actions(evidence) == ["received", "reencrypted"]
    settings.EVIDENCE_KEYS = [new]
    crypto._keys.cache_clear()
    assert evidence_read(evidence=files[1], actor=None, actor_label="t", purpose="t") == (
        SECRET + b"1"
    )


def test_rotation_run_twice_does_nothing_the_second_time(
    receive_file: ReceiveFile, new_key: str
) -> None:
    evidence = receive_file(SECRET)
    Evidence.objects.filter(pk=evidence.pk).update(key_fingerprint="0" * 16)

    first, second = rotate(), rotate()

    assert "re-encrypted 1 evidence files" in first
    assert "re-encrypted 0 evidence files" in second
    assert custody_actions(evidence) == ["received", "reencrypted"]


def test_rotation_resumes_after_a_crash_between_file_and_row(
    receive_file: ReceiveFile, evidence_key: str, new_key: str
) -> None:
    evidence = receive_file(SECRET)
    # Received under the new key (fixture order), then made to look old: as if a previous run
    # rewrote the file and died before updating the row.
    Evidence.objects.filter(pk=evidence.pk).update(key_fingerprint="0" * 16)

    rotate()

    evidence.refresh_from_db()
    assert evidence.key_fingerprint == crypto.current_key_fingerprint()
    assert Fernet(new_key.encode()).decrypt(storage.read(evidence.storage_name)) == SECRET


def test_rotation_refuses_to_rewrite_a_tampered_file(
    receive_file: ReceiveFile, evidence_key: str, settings
) -> None:  # type: ignore[no-untyped-def]
    intact, tampered = receive_file(SECRET), receive_file(SECRET + b"!")
    flip_a_byte(tampered)
    altered_token = storage.read(tampered.storage_name)
    settings.EVIDENCE_KEYS = [Fernet.generate_key().decode(), evidence_key]
    crypto._keys.cache_clear()

    with pytest.raises(CommandError):
        rotate()

    tampered.refresh_from_db()
    assert storage.read(tampered.storage_name) == altered_token
    assert tampered.key_fingerprint != crypto.current_key_fingerprint()
    assert custody_actions(tampered) == ["received", "integrity_failed"]
    assert custody_actions(intact) == ["received", "reencrypted"]
