"""Fixtures of the evidence tests: a known evidence key, and files received under it."""

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from pytest_django.fixtures import Settings

from tests.evidence.stored import ReceiveFile
from vigilance.evidence import crypto
from vigilance.evidence.models import Evidence
from vigilance.evidence.services import IncomingFile, evidence_receive


@pytest.fixture(autouse=True)
def evidence_key(settings: Settings) -> Iterator[str]:
    """Every test starts under one fresh key; the process-wide key cache follows the setting."""
    key = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [key]
    crypto._keys.cache_clear()
    yield key
    crypto._keys.cache_clear()


@pytest.fixture
def receive_file() -> ReceiveFile:
    """Store a file as the public form or API would, attached unless told otherwise."""

    def receive(
        content: bytes = b"Transfert de 75 000 F vers le 650 11 22 33, ref MP240511.",
        *,
        name: str = "recu.txt",
        is_attached: bool = True,
    ) -> Evidence:
        return evidence_receive(
            incoming=IncomingFile(name=name, content=content),
            actor_label="reporter",
            is_attached=is_attached,
        )

    return receive
