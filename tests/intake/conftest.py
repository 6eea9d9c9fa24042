"""Fixtures of the intake tests: the certificate that signs receipts, made once for the run."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from vigilance.core.signing import create_development_certificate

PASSPHRASE = "test-passphrase-for-signing"


@pytest.fixture(scope="session")
def signing_certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "platform.p12"
    create_development_certificate(path=path, passphrase=PASSPHRASE)
    return path


@pytest.fixture
def platform_certificate(settings: Settings, signing_certificate: Path) -> Path:
    """The platform signs with the certificate of the run."""
    settings.SIGNING_CERTIFICATE = signing_certificate
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    return signing_certificate
