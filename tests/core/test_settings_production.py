"""The production shape refuses to start, naming the variable, when a setting would fail later."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from vigilance.core.signing import create_development_certificate

REPO = Path(__file__).resolve().parent.parent.parent
START = "import django; django.setup()"


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A production environment that starts: every variable present, strong and usable."""
    folder = tmp_path_factory.mktemp("production")
    certificate = folder / "pki" / "platform.p12"
    create_development_certificate(path=certificate, passphrase="certificate passphrase")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EVIDENCE_", "EMAIL_", "SMS_"))
        and not key.startswith(("AUDIT_", "SECRET_", "SIGNING_", "DEFAULT_FROM", "DEBUG"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "vigilance.settings",
            "VIGILANCE_SHAPE": "production",
            "VIGILANCE_VAR_DIR": str(folder / "var"),
            "DATABASE_URL": "postgres://vigilance:password@127.0.0.1:5432/vigilance",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "EVIDENCE_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
            "AUDIT_KEYS": secrets.token_urlsafe(48),
            "SIGNING_CERTIFICATE": str(certificate),
            "SIGNING_CERTIFICATE_PASSPHRASE": "certificate passphrase",
            "EMAIL_HOST": "smtp.vigilance.cm",
            "DEFAULT_FROM_EMAIL": "Vigilance <no-reply@vigilance.cm>",
            "SMS_GATEWAY_URL": "https://sms-gateway.example.cm/v1/messages",
            "SMS_GATEWAY_TOKEN": secrets.token_urlsafe(24),
        }
    )
    return environment


def start(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", START],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def refusal(environment: dict[str, str]) -> str:
    """The start-up's refusal message (it must not have started)."""
    result = start(environment)
    assert result.returncode != 0, result.stderr
    assert "ImproperlyConfigured: The production shape refuses to start" in result.stderr
    return result.stderr


def test_a_complete_production_environment_starts(production: dict[str, str]) -> None:
    result = start(production)

    assert result.returncode == 0, result.stderr


def test_the_embedded_shape_starts_with_no_environment_at_all(tmp_path: Path) -> None:
    environment = {"PATH": os.environ["PATH"], "VIGILANCE_VAR_DIR": str(tmp_path / "var")}

    result = start({**environment, "DJANGO_SETTINGS_MODULE": "vigilance.settings"})

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("DATABASE_URL", None, "DATABASE_URL must be set"),
        ("DATABASE_URL", "sqlite:////tmp/vigilance.sqlite3", "DATABASE_URL must name a PostgreSQL"),
        ("SECRET_KEY", None, "SECRET_KEY must be set"),
        ("SECRET_KEY", "x", "SECRET_KEY is too weak"),
        ("SECRET_KEY", "ab" * 40, "SECRET_KEY is too weak"),
        ("REDIS_URL", None, "REDIS_URL must be set"),
        ("EVIDENCE_KEYS", None, "EVIDENCE_KEYS (or EVIDENCE_KEY) must be set"),
        ("EVIDENCE_KEYS", "not-a-fernet-key", "EVIDENCE_KEYS holds a value that is not a Fernet"),
        ("AUDIT_KEYS", None, "AUDIT_KEYS must be set"),
        ("AUDIT_KEYS", "short", "AUDIT_KEYS holds a key that is too weak"),
        ("SIGNING_CERTIFICATE", "/nonexistent/platform.p12", "SIGNING_CERTIFICATE /nonexistent"),
        ("SIGNING_CERTIFICATE_PASSPHRASE", "wrong", "does not open with SIGNING_CERTIFICATE_PASS"),
        ("EMAIL_HOST", None, "EMAIL_HOST must be set when EMAIL_BACKEND is SMTP"),
        ("DEFAULT_FROM_EMAIL", "Vigilance", "DEFAULT_FROM_EMAIL must be a sender address"),
        ("SMS_GATEWAY_URL", None, "SMS_GATEWAY_URL must be the https:// address"),
        ("SMS_GATEWAY_URL", "http://sms.example.cm/send", "SMS_GATEWAY_URL must be the https://"),
        ("SMS_GATEWAY_TOKEN", None, "SMS_GATEWAY_TOKEN must be set"),
        ("DEBUG", "true", "DEBUG must be false"),
    ],
)
def test_production_refuses_to_start_naming_what_is_wrong(
    production: dict[str, str], name: str, value: str | None, named: str
) -> None:
    environment = {key: v for key, v in production.items() if key != name}
    if value is not None:
        environment[name] = value

    assert named in refusal(environment)


def test_every_problem_is_named_at_once(production: dict[str, str]) -> None:
    environment = {**production, "SECRET_KEY": "x", "AUDIT_KEYS": "x", "EVIDENCE_KEYS": "x"}

    message = refusal(environment)

    assert "SECRET_KEY" in message
    assert "AUDIT_KEYS" in message
    assert "EVIDENCE_KEYS" in message


def test_mail_and_sms_checks_follow_the_chosen_backends(production: dict[str, str]) -> None:
    environment = {
        key: value
        for key, value in production.items()
        if key not in {"EMAIL_HOST", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN"}
    }
    environment["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    environment["SMS_BACKEND"] = "vigilance.core.sms.FileSMSBackend"

    assert start(environment).returncode == 0
