"""The same file is held once per report: refused by name on the form, the follow page, the API
and at filing, and refused by the database too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from tests.factories import report_draft
from tests.intake.test_report_pages import answer_until_evidence
from vigilance.evidence.models import Evidence
from vigilance.evidence.services import IncomingFile, evidence_receive
from vigilance.intake import services
from vigilance.intake.models import Channel, ReportEvidence

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
SCREENSHOT = PNG + b"the scammer's profile" + b"\x00" * 512


def _upload(name: str, content: bytes = SCREENSHOT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def _follow(client: Client, language: str = "fr") -> tuple[services.SubmittedReport, str]:
    submitted = services.report_submit(draft=report_draft(language=language), channel=Channel.WEB)
    reference = submitted.report.reference
    client.post(
        f"/{language}/follow/", {"reference": reference, "tracking_code": submitted.tracking_code}
    )
    return submitted, f"/{language}/follow/{reference}/evidence/"


def test_the_report_form_names_the_file_already_added_in_french(client: Client) -> None:
    answer_until_evidence(client, "fr")
    client.post("/fr/report/evidence/", {"files": [_upload("capture.png")]})

    response = client.post("/fr/report/evidence/", {"files": [_upload("copie.png")]})

    assert response.status_code == 400
    assert "Vous avez déjà ajouté ce fichier (capture.png)." in response.content.decode()
    assert Evidence.objects.count() == 1


def test_the_follow_page_refuses_the_same_content_under_another_name(client: Client) -> None:
    submitted, url = _follow(client)
    client.post(url, {"file": _upload("capture.png")})

    response = client.post(url, {"file": _upload("capture (1).png")})

    assert response.status_code == 400
    assert "Vous avez déjà ajouté ce fichier (capture.png)." in response.content.decode()
    assert submitted.report.evidence.count() == 1


def test_the_api_refuses_a_duplicate_in_the_callers_language(client: Client) -> None:
    submitted, _ = _follow(client)
    url = f"/api/v1/reports/{submitted.report.reference}/evidence"
    headers = {"X-Tracking-Code": submitted.tracking_code, "Accept-Language": "fr"}
    assert client.post(url, {"file": _upload("capture.png")}, headers=headers).status_code == 201

    response = client.post(url, {"file": _upload("capture.png")}, headers=headers)

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["file"] == [
        "Vous avez déjà ajouté ce fichier (capture.png)."
    ]
    assert submitted.report.evidence.count() == 1


def test_filing_with_the_same_file_twice_is_refused_by_name() -> None:
    files = [IncomingFile("capture.png", SCREENSHOT), IncomingFile("again.png", SCREENSHOT)]

    with pytest.raises(services.ReportInvalid) as refused:
        services.report_submit(draft=report_draft(), channel=Channel.WEB, evidence=files)

    assert refused.value.fields == {
        "evidence.1": ["Vous avez déjà ajouté ce fichier (capture.png)."]
    }


def test_a_file_staged_twice_from_two_tabs_is_attached_once() -> None:
    staged = [
        evidence_receive(
            incoming=IncomingFile(name, SCREENSHOT), actor_label="reporter", is_attached=False
        )
        for name in ("capture.png", "capture.png")
    ]

    report = services.report_submit(
        draft=report_draft(), channel=Channel.WEB, staged_evidence=staged
    ).report

    assert list(report.evidence.values_list("pk", flat=True)) == [staged[0].pk]


def test_the_database_refuses_the_same_content_twice_in_a_report() -> None:
    first, second = (
        evidence_receive(incoming=IncomingFile(name, SCREENSHOT), actor_label="reporter")
        for name in ("a.png", "b.png")
    )
    report = services.report_submit(draft=report_draft(), channel=Channel.WEB).report
    ReportEvidence.objects.create(report=report, evidence=first, sha256=first.sha256)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEvidence.objects.create(report=report, evidence=second, sha256=second.sha256)
