"""Files sent from the report form, the follow page and the API: counted per file and per byte,
per report and per address, and a file taken off the form deleted at once."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from tests.intake.test_report_pages import answer_until_evidence
from vigilance.audit.models import AuditEvent
from vigilance.evidence import allowance
from vigilance.evidence.models import CustodyEvent, Evidence
from vigilance.intake import services
from vigilance.intake.models import Channel, Report

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PNG_HEAD = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
)


def picture(name: str, size: int = 1024) -> SimpleUploadedFile:
    """A distinct PNG of ``size`` bytes: its name is in its content."""
    head = PNG_HEAD + name.encode()
    return SimpleUploadedFile(name, head + b"\x00" * (size - len(head)), content_type="image/png")


def stored_files(settings: Settings) -> list[Path]:
    return [path for path in Path(settings.EVIDENCE_ROOT).rglob("*.enc")]


def _refusals(page: str) -> int:
    return page.count("<li><strong>")


def test_one_request_of_ten_files_of_2_5_mb_keeps_what_fits_in_a_report(
    client: Client, settings: Settings
) -> None:
    answer_until_evidence(client, "en")
    files = [picture(f"capture-{i}.png", int(2.5 * MB)) for i in range(10)]

    response = client.post("/en/report/evidence/", {"files": files, "action": "upload"})

    page = response.content.decode()
    assert response.status_code == 400
    assert Evidence.objects.count() == 8
    assert len(stored_files(settings)) == 8
    assert _refusals(page) == 2
    assert "Together, your files would exceed 20.0\xa0MB per report." in page
    assert "The other files were kept." in page


def test_refusal_beyond_the_report_allowance_is_in_french(client: Client) -> None:
    answer_until_evidence(client, "fr")
    files = [picture(f"capture-{i}.png", 7 * MB) for i in range(3)]

    page = client.post("/fr/report/evidence/", {"files": files}).content.decode()

    assert "Ensemble, vos fichiers dépasseraient 20,0\xa0Mio par signalement." in page
    assert Evidence.objects.count() == 2


def test_removing_a_staged_file_deletes_its_stored_copy_at_once(
    client: Client, settings: Settings
) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"files": [picture("a.png"), picture("b.png")]})
    removed = Evidence.objects.get(original_name="a.png")
    assert len(stored_files(settings)) == 2

    client.post("/en/report/evidence/", {"remove": str(removed.public_id)})

    assert len(stored_files(settings)) == 1
    assert not Evidence.objects.filter(pk=removed.pk).exists()
    assert not CustodyEvent.objects.filter(evidence_id=removed.pk).exists()
    assert AuditEvent.objects.filter(
        action="evidence.discarded", object_id=str(removed.public_id)
    ).exists()


def test_removing_and_adding_again_keeps_one_copy(client: Client, settings: Settings) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"files": [picture("a.png")]})
    client.post("/en/report/evidence/", {"remove": str(Evidence.objects.get().public_id)})

    client.post("/en/report/evidence/", {"files": [picture("a.png")]})

    assert Evidence.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_the_same_file_twice_in_a_form_is_kept_once(client: Client, settings: Settings) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"files": [picture("a.png")]})

    response = client.post("/en/report/evidence/", {"files": [picture("a.png")]})

    assert response.status_code == 400
    assert "You have already added this file (a.png)." in response.content.decode()
    assert len(stored_files(settings)) == 1


def test_a_form_cannot_remove_a_file_of_another_form(client: Client, settings: Settings) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"files": [picture("victim.png")]})
    victims_file = Evidence.objects.get()
    attacker = Client()
    answer_until_evidence(attacker, "en")

    response = attacker.post("/en/report/evidence/", {"remove": str(victims_file.public_id)})

    assert response.status_code == 302
    assert Evidence.objects.filter(pk=victims_file.pk).exists()
    assert len(stored_files(settings)) == 1


def test_a_file_already_in_a_report_is_never_discarded(client: Client, settings: Settings) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"files": [picture("a.png")], "action": "continue"})
    public_id = str(Evidence.objects.get().public_id)
    client.post("/en/report/review/", {"consent": "on"})
    assert Report.objects.get().evidence.count() == 1
    # The filing cleared the draft; an old page posting the removal finds nothing to remove.
    answer_until_evidence(client, "en")

    client.post("/en/report/evidence/", {"remove": public_id})

    assert len(stored_files(settings)) == 1


def test_an_address_is_capped_across_forms(client: Client, settings: Settings) -> None:
    """A new form (a new session) does not give an address a new allowance."""
    first, second = Client(), Client()
    answer_until_evidence(first, "en")
    answer_until_evidence(second, "en")
    first.post("/en/report/evidence/", {"files": [picture(f"a{i}.png", 9 * MB) for i in range(2)]})

    response = second.post(
        "/en/report/evidence/", {"files": [picture(f"b{i}.png", 9 * MB) for i in range(2)]}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Too many files were sent from your connection in the last hour." in page
    assert Evidence.objects.count() == 3
    assert len(stored_files(settings)) == 3


def test_another_address_keeps_its_own_allowance(client: Client) -> None:
    first = Client(REMOTE_ADDR="198.51.100.7")
    second = Client(REMOTE_ADDR="198.51.100.8")
    for browser, prefix in ((first, "a"), (second, "b")):
        answer_until_evidence(browser, "en")
        browser.post(
            "/en/report/evidence/",
            {"files": [picture(f"{prefix}{i}.png", 9 * MB) for i in range(2)]},
        )

    assert Evidence.objects.count() == 4


def test_an_address_sends_at_most_its_files_per_hour(client: Client, settings: Settings) -> None:
    settings.EVIDENCE_MAX_FILES = allowance.ADDRESS_MAX_FILES_PER_HOUR
    answer_until_evidence(client, "en")
    count = allowance.ADDRESS_MAX_FILES_PER_HOUR
    settings.RATELIMIT_ENABLE = False

    for index in range(count):
        client.post("/en/report/evidence/", {"files": [picture(f"f{index}.png")]})
    client.post("/en/report/evidence/", {"remove": str(Evidence.objects.first().public_id)})
    response = client.post("/en/report/evidence/", {"files": [picture("one-more.png")]})

    assert response.status_code == 400
    assert "Too many files were sent from your connection" in response.content.decode()


def _report() -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(), channel=Channel.WEB)


def test_follow_page_uploads_count_against_the_address(client: Client) -> None:
    submitted = _report()
    form = Client()
    answer_until_evidence(form, "en")
    form.post("/en/report/evidence/", {"files": [picture(f"a{i}.png", 9 * MB) for i in range(2)]})
    client.post(
        "/en/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )
    url = f"/en/follow/{submitted.report.reference}/evidence/"
    client.post(url, {"file": picture("f1.png", 9 * MB)})

    response = client.post(url, {"file": picture("f2.png", 9 * MB)})

    assert response.status_code == 400
    assert "Too many files were sent from your connection" in response.content.decode()
    assert submitted.report.evidence.count() == 1


def test_api_evidence_counts_bytes_per_report(client: Client, settings: Settings) -> None:
    submitted = _report()
    url = f"/api/v1/reports/{submitted.report.reference}/evidence"
    headers = {"X-Tracking-Code": submitted.tracking_code, "Accept-Language": "en"}
    client.post(url, {"file": picture("a.png", 9 * MB)}, headers=headers)
    client.post(url, {"file": picture("b.png", 9 * MB)}, headers=headers)

    response = client.post(url, {"file": picture("c.png", 3 * MB)}, headers=headers)

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["file"] == [
        "Together, your files would exceed 20.0\xa0MB per report. Remove a file, or send a "
        "smaller one."
    ]
    assert len(stored_files(settings)) == 2


def test_api_refuses_the_same_file_twice_on_a_report(client: Client) -> None:
    submitted = _report()
    url = f"/api/v1/reports/{submitted.report.reference}/evidence"
    headers = {"X-Tracking-Code": submitted.tracking_code, "Accept-Language": "en"}
    assert client.post(url, {"file": picture("a.png")}, headers=headers).status_code == 201

    response = client.post(url, {"file": picture("a.png")}, headers=headers)

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["file"] == [
        "You have already added this file (a.png)."
    ]
    assert submitted.report.evidence.count() == 1
