"""The annual report: ``manage.py annual_report`` and the ministry's button write a signed
bilingual PDF with the year's figures; bad years are refused; issuing and downloads are audited."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.intake.test_receipts import pdf_text
from tests.personas import signed_in_client
from tests.stats.cells import add_cell, mark_refreshed
from vigilance.audit.models import AuditEvent
from vigilance.core.signing import create_development_certificate, verify_pdf_signature

pytestmark = pytest.mark.django_db
PASSPHRASE = "test-passphrase-for-signing"
PAGE = "/en/staff/statistics/annual-report/"


@pytest.fixture(scope="module")
def signing_certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "platform.p12"
    create_development_certificate(path=path, passphrase=PASSPHRASE)
    return path


@pytest.fixture
def last_year(db, settings, signing_certificate) -> int:  # type: ignore[no-untyped-def]
    settings.SIGNING_CERTIFICATE = signing_certificate
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    year = timezone.localdate().year - 1
    add_cell(dt.date(year, 3, 1), "CE", "phishing", 41, loss=2_500_000)
    add_cell(dt.date(year, 3, 1), "NO", "sextortion", 3, loss=990_000)
    add_cell(dt.date(year, 3, 1), "CE", "phishing", 6, channel="sms")
    add_cell(dt.date(year - 1, 5, 1), "LT", "online_purchase_scam", 17, loss=400_000)
    mark_refreshed()
    return year


def _text(pdf: bytes) -> str:
    return pdf_text(pdf)


def test_command_writes_a_signed_bilingual_pdf_with_the_years_figures(last_year, tmp_path):
    output = tmp_path / "report.pdf"
    out = io.StringIO()
    call_command("annual_report", year=last_year, output=output, stdout=out)
    pdf = output.read_bytes()
    assert verify_pdf_signature(pdf).is_valid
    text = _text(pdf)
    assert f"État des lieux {last_year}" in text
    assert f"State of play {last_year}" in text
    assert "Reports received" in text
    assert "Signalements reçus" in text
    assert "47" in text  # the Centre's phishing, web and SMS
    assert "<5" in text
    assert "990" not in text.replace(" ", "")  # the small cell's amount is not published
    assert "SHA-256" in out.getvalue()
    event = AuditEvent.objects.get(action="annual_report.issued")
    assert event.actor_label == "command:annual_report"


@pytest.mark.parametrize("offset", [1, 10])
def test_command_refuses_a_future_year(last_year, offset, tmp_path):
    with pytest.raises(CommandError, match="has not begun yet"):
        call_command(
            "annual_report", year=timezone.localdate().year + offset, output=tmp_path / "x.pdf"
        )


def test_command_refuses_a_year_before_the_first_report(last_year, tmp_path):
    with pytest.raises(CommandError, match="first reports date from"):
        call_command("annual_report", year=last_year - 5, output=tmp_path / "x.pdf")


def test_the_statistician_of_the_ministry_issues_and_downloads_it(
    last_year, statistician, django_capture_on_commit_callbacks
):
    client = signed_in_client(statistician)
    assert client.get(PAGE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"year": last_year})
    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert f"Report {last_year} (PDF)" in page
    assert "SHA-256" in page
    download = client.get(f"{PAGE}{last_year}.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert verify_pdf_signature(download.content).is_valid
    assert AuditEvent.objects.filter(
        action="annual_report.issued", actor_id=statistician.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action="annual_report.downloaded", actor_id=statistician.pk
    ).exists()


@pytest.mark.parametrize(
    ("language", "message"), [("en", "has not begun yet"), ("fr", "pas encore commencé")]
)
def test_a_future_year_on_the_page_is_400_in_the_users_language(
    last_year, statistician, language, message
):
    client = signed_in_client(statistician)
    response = client.post(f"/{language}/staff/statistics/annual-report/", {"year": last_year + 5})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "supervisor_police",
        "editor",
        "auditor",
        "administrator_user",
        "investigator_centre",
        "mtn_responder",
    ],
)
def test_the_button_is_for_the_ministry_and_the_coordination_centre_only(last_year, name, request):
    user = request.getfixturevalue(name)
    client = signed_in_client(user)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"year": last_year}).status_code == 404
    assert not AuditEvent.objects.filter(action="annual_report.issued").exists()


def test_awareness_campaigns_are_in_the_report_when_they_are_counted(last_year):
    awareness = pytest.importorskip("vigilance.alerts.selectors.awareness")
    assert hasattr(awareness, "campaign_run_counts")
    from vigilance.stats.annual_report.figures import annual_figures

    assert annual_figures(last_year).awareness is not None
