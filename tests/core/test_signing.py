"""Signing the platform's documents (PAdES) and checking the signature; the certificate command."""

import io
from pathlib import Path

import pytest
import weasyprint
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from tests.core.conftest import PASSPHRASE
from vigilance.core.signing import SigningUnavailable, sign_pdf, verify_pdf_signature


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return weasyprint.HTML(string="<h1>Accusé de réception</h1><p>VIG-2026-000042</p>").write_pdf()


def test_command_creates_a_pkcs12_signing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "pki" / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE

    call_command("create_dev_certificate", stdout=(out := io.StringIO()))

    key, certificate, chain = pkcs12.load_key_and_certificates(
        settings.SIGNING_CERTIFICATE.read_bytes(), PASSPHRASE.encode()
    )
    assert key is not None
    assert certificate is not None
    assert "CN=Vigilance development signing certificate" in certificate.subject.rfc4514_string()
    assert "C=CM" in certificate.subject.rfc4514_string()
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert [ca.subject for ca in chain] == [certificate.issuer]
    assert settings.SIGNING_CERTIFICATE.stat().st_mode & 0o077 == 0
    assert "Created" in out.getvalue()


def test_command_keeps_an_existing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    call_command("create_dev_certificate", stdout=io.StringIO())
    first = settings.SIGNING_CERTIFICATE.read_bytes()

    call_command("create_dev_certificate", stdout=(out := io.StringIO()))

    assert settings.SIGNING_CERTIFICATE.read_bytes() == first
    assert "already exists" in out.getvalue()


def test_command_replaces_the_certificate_with_force(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    call_command("create_dev_certificate", stdout=io.StringIO())
    first = settings.SIGNING_CERTIFICATE.read_bytes()

    call_command("create_dev_certificate", "--force", stdout=io.StringIO())

    assert settings.SIGNING_CERTIFICATE.read_bytes() != first


def test_command_refuses_to_run_in_production_shape(settings: Settings, tmp_path: Path) -> None:
    settings.EMBEDDED = False
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"

    with pytest.raises(CommandError, match="national PKI"):
        call_command("create_dev_certificate", stdout=io.StringIO())

    assert not settings.SIGNING_CERTIFICATE.exists()


@pytest.mark.usefixtures("platform_certificate")
def test_signed_pdf_verifies(unsigned_pdf: bytes) -> None:
    signed = sign_pdf(unsigned_pdf, reason="Accusé de réception / Acknowledgement of receipt")

    report = verify_pdf_signature(signed)

    assert report.is_valid
    assert report.covers_whole_file
    assert "Vigilance development signing certificate" in report.signer
    assert report.signed_at is not None
    assert signed.startswith(unsigned_pdf)  # an incremental revision: the original is untouched


@pytest.mark.usefixtures("platform_certificate")
def test_pdf_changed_after_signing_fails_verification(unsigned_pdf: bytes) -> None:
    signed = bytearray(sign_pdf(unsigned_pdf, reason="test"))
    signed[len(unsigned_pdf) // 2] ^= 0x01

    report = verify_pdf_signature(bytes(signed))

    assert report.is_signed
    assert not report.is_valid
    assert not report.intact


@pytest.mark.usefixtures("platform_certificate")
def test_content_appended_after_signing_is_not_covered(unsigned_pdf: bytes) -> None:
    signed = sign_pdf(unsigned_pdf, reason="test")

    report = verify_pdf_signature(signed + b"\n%%appended\n")

    assert not report.covers_whole_file
    assert not report.is_valid


@pytest.mark.usefixtures("platform_certificate")
def test_unsigned_pdf_is_reported_unsigned(unsigned_pdf: bytes) -> None:
    report = verify_pdf_signature(unsigned_pdf)

    assert not report.is_signed
    assert not report.is_valid


def test_signature_by_another_certificate_is_not_trusted(
    settings: Settings, platform_certificate: Path, tmp_path: Path, unsigned_pdf: bytes
) -> None:
    signed = sign_pdf(unsigned_pdf, reason="test")
    settings.SIGNING_CERTIFICATE = tmp_path / "other.p12"
    call_command("create_dev_certificate", stdout=io.StringIO())

    report = verify_pdf_signature(signed)

    assert report.intact
    assert not report.trusted
    assert not report.is_valid


def test_missing_certificate_says_how_to_create_it(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "absent.p12"

    with pytest.raises(SigningUnavailable, match=r"manage\.py create_dev_certificate"):
        sign_pdf(b"%PDF-1.7", reason="test")


def test_wrong_passphrase_is_a_clear_error(
    settings: Settings, platform_certificate: Path, unsigned_pdf: bytes
) -> None:
    settings.SIGNING_CERTIFICATE_PASSPHRASE = "not the passphrase"

    with pytest.raises(SigningUnavailable, match="wrong passphrase"):
        sign_pdf(unsigned_pdf, reason="test")
