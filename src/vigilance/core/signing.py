"""Electronic signature of the documents the platform issues (PAdES), and its verification.

The platform signs with one certificate kept as a PKCS#12 file (settings.SIGNING_CERTIFICATE):
issued by the national PKI in production, made by ``manage.py create_dev_certificate`` otherwise.
"""

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

SIGNATURE_FIELD = "Signature"
SIGNER_NAME = "Vigilance development signing certificate"


class SigningUnavailable(RuntimeError):
    """The platform's certificate cannot be loaded, so nothing can be signed."""


@dataclass(frozen=True)
class SignatureReport:
    """What a check of a signed PDF found; ``is_valid`` is the one answer most callers need.

    A document changed after signing is not valid, even by a later revision that leaves the
    signed bytes intact: the receipt must be exactly what the platform issued.
    """

    is_signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None

    @property
    def is_valid(self) -> bool:
        return (
            self.is_signed
            and self.intact
            and self.valid
            and self.trusted
            and self.covers_whole_file
        )


@dataclass(frozen=True)
class _Credentials:
    signer: SimpleSigner
    trust_roots: tuple[asn1_x509.Certificate, ...]
    fingerprint: str


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


# Loaded once per process (keyed on the file's modification time too, so that a certificate
# replaced on disk is picked up): opening the PKCS#12 file and its key costs more than a signature.
@functools.lru_cache(maxsize=4)
def _load(path: str, passphrase: str, modified_ns: int) -> _Credentials:
    data = Path(path).read_bytes()
    password = passphrase.encode() if passphrase else None
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, password)
    except ValueError as error:
        raise SigningUnavailable(
            f"Cannot open the signing certificate {path}: wrong passphrase or damaged file."
        ) from error
    if key is None or certificate is None:
        raise SigningUnavailable(f"{path} holds no private key and certificate.")
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password)
    # Trust the issuing authorities shipped with the certificate, or the certificate itself.
    roots = tuple(_asn1(c) for c in chain) or (_asn1(certificate),)
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    return _Credentials(signer=signer, trust_roots=roots, fingerprint=fingerprint)


def _credentials() -> _Credentials:
    path = Path(settings.SIGNING_CERTIFICATE)
    try:
        modified_ns = path.stat().st_mtime_ns
    except FileNotFoundError as error:
        raise SigningUnavailable(
            f"The signing certificate {path} is missing: run manage.py create_dev_certificate "
            "(development) or install the certificate issued by the national PKI."
        ) from error
    return _load(str(path), settings.SIGNING_CERTIFICATE_PASSPHRASE, modified_ns)


def certificate_fingerprint() -> str:
    """SHA-256 of the certificate the platform signs with (documents signed under another one
    are issued again)."""
    return _credentials().fingerprint


def sign_pdf(pdf: bytes, *, reason: str, location: str = "Cameroon") -> bytes:
    """The PDF with the platform's PAdES signature (baseline B-B) added as a new revision."""
    credentials = _credentials()
    metadata = PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    output = io.BytesIO()
    PdfSigner(metadata, signer=credentials.signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output
    )
    return output.getvalue()


def verify_pdf_signature(pdf: bytes) -> SignatureReport:
    """Check the platform's signature on a PDF against the platform's own certificate chain."""
    credentials = _credentials()
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # a damaged file is an unsigned one to whoever checks it
        return SignatureReport(is_signed=False)
    if not signatures:
        return SignatureReport(is_signed=False)
    embedded = signatures[-1]
    # Never fetch revocation data or certificates from the network while checking.
    context = ValidationContext(trust_roots=list(credentials.trust_roots), allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, context)
    except (SignatureValidationError, ValueError, KeyError):
        return SignatureReport(is_signed=True)
    return SignatureReport(
        is_signed=True,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        signer=status.signing_cert.subject.native.get("common_name", ""),
        signed_at=status.signer_reported_dt,
    )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Vigilance (development)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CM"),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,  # nonRepudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def create_development_certificate(*, path: Path, passphrase: str) -> None:
    """Write a development CA and a signing certificate it issued, as one PKCS#12 file."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Vigilance development certification authority")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_NAME))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(
        SIGNER_NAME.encode(), key, certificate, [ca], encryption
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)
