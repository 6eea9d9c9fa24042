"""The public address follows the port served by the embedded shape, and every link the platform
writes (done page, receipt's QR code, SMS, e-mail) uses it; PUBLIC_BASE_URL wins when set."""

import importlib.util
import os
import shutil
import subprocess  # nosec B404
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from tests.intake.test_report_pages import file_report
from vigilance.core.public_address import public_base_url_for_bind
from vigilance.intake import receipts, services
from vigilance.intake.models import Channel

REPO = Path(__file__).resolve().parents[2]
SERVED = "http://127.0.0.1:8131"


def _make_public_address(environment: dict[str, str], *arguments: str) -> str:
    """PUBLIC_BASE_URL as `make` hands it to the commands of the run target."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("GNU make is missing")
    completed = subprocess.run(  # nosec B603
        [
            make,
            "-s",
            "--no-print-directory",
            "--eval",
            'shown: ; @echo "$$PUBLIC_BASE_URL"',
            "shown",
            *arguments,
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return completed.stdout.strip()


def _without_public_address() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"PUBLIC_BASE_URL", "PORT"}}


def test_make_gives_the_served_port_as_public_address() -> None:
    assert _make_public_address(_without_public_address(), "PORT=8131") == SERVED
    assert _make_public_address({**_without_public_address(), "PORT": "8131"}) == SERVED


def test_make_keeps_a_public_address_that_is_set() -> None:
    environment = {**_without_public_address(), "PUBLIC_BASE_URL": "https://vigilance.cm"}

    assert _make_public_address(environment, "PORT=8131") == "https://vigilance.cm"


def test_settings_take_the_public_address_from_the_environment(tmp_path: Path) -> None:
    environment = {
        **_without_public_address(),
        "PUBLIC_BASE_URL": SERVED,
        "VIGILANCE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "vigilance.settings",
    }
    code = "from django.conf import settings; print(settings.PUBLIC_BASE_URL)"
    completed = subprocess.run(  # nosec B603
        [str(REPO / ".venv" / "bin" / "python"), "-c", code],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert completed.stdout.strip() == SERVED


@pytest.mark.parametrize(
    ("bind", "address"),
    [
        ("127.0.0.1:8131", SERVED),
        ("0.0.0.0:8131", SERVED),
        ("localhost:8080", "http://localhost:8080"),
        ("[::]:8131", "http://[::1]:8131"),
        ("unix:/run/vigilance.sock", None),
    ],
)
def test_public_address_of_a_bind_address(bind: str, address: str | None) -> None:
    assert public_base_url_for_bind(bind) == address


def _embedded_gunicorn_config() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gunicorn_embedded", REPO / "deploy" / "gunicorn.embedded.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_embedded_server_names_the_address_it_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)

    _embedded_gunicorn_config().on_starting(
        SimpleNamespace(cfg=SimpleNamespace(bind=["0.0.0.0:8131"]))
    )

    assert os.environ["PUBLIC_BASE_URL"] == SERVED


def test_embedded_server_keeps_a_public_address_that_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://vigilance.cm")

    _embedded_gunicorn_config().on_starting(
        SimpleNamespace(cfg=SimpleNamespace(bind=["127.0.0.1:8131"]))
    )

    assert os.environ["PUBLIC_BASE_URL"] == "https://vigilance.cm"


@pytest.mark.django_db
def test_done_page_and_its_qr_code_name_the_public_address(
    client: Client, settings: Settings
) -> None:
    settings.PUBLIC_BASE_URL = SERVED
    file_report(client, "fr")

    page = client.get("/fr/report/done/").content.decode()

    assert f"{SERVED}/fr/follow/" in page
    assert receipts.qr_data_uri(f"{SERVED}/fr/follow/") in page
    assert "127.0.0.1:8000" not in page


@pytest.mark.django_db
def test_confirmation_sms_and_mail_name_the_public_address(
    django_capture_on_commit_callbacks, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_BASE_URL = SERVED
    reporter = services.ReporterInput(name="John Ebai", email="john@example.cm", phone="677123456")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(
            draft=report_draft(reporter=reporter, language="en"), channel=Channel.WEB
        )

    [message] = mail.outbox
    [sms] = list(Path(settings.SMS_FILE_PATH).glob("*.json"))
    assert f"{SERVED}/en/follow/" in message.body
    assert f"{SERVED}/en/follow/" in sms.read_text(encoding="utf-8")
