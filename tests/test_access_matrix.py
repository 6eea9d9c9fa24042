"""The access-control matrix: every object page and endpoint x every persona, own unit or not.

One case of the Littoral police section holds a report with evidence. Its owning unit, the
supervisor above it and the coordination centre may read it; everyone else — another unit of
the same police, the gendarmerie, the CIRT, a partner operator, the auditor, the administrator,
the counter officer — gets a 404 on reads and never a success on writes, and never sees it listed.
"""

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests import personas
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle, work
from vigilance.core.signing import create_development_certificate
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db

READERS = ("investigator_littoral", "supervisor_police", "triage_officer")
OUTSIDERS = (
    "investigator_centre",
    "gendarme_north",
    "cirt_analyst",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "intake_officer",
)
PASSPHRASE = "matrix"


@pytest.fixture(autouse=True)
def _signing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    create_development_certificate(path=settings.SIGNING_CERTIFICATE, passphrase=PASSPHRASE)


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(
        draft=report_draft(region="LT"),
        channel="web",
        evidence=[IncomingFile(name="capture.png", content=PNG)],
    ).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    opened = lifecycle.case_open(report=report, actor=investigator_littoral)
    work.case_task_add(
        case=opened,
        title="Requisition MTN",
        assignee=None,
        due_date=None,
        actor=investigator_littoral,
    )
    return opened


def _reads(case: Case) -> dict[str, tuple[str, set[str]]]:
    """Each read address, and who may read it (beyond those, a 404)."""
    report = case.reports.get()
    evidence = report.evidence.get()
    readers = set(READERS)
    workers = {"investigator_littoral", "supervisor_police"}  # roles that export case files
    return {
        "case page": (f"/fr/staff/cases/{case.public_id}/", readers),
        "case file": (f"/fr/staff/cases/{case.public_id}/case-file.pdf", workers),
        "report page": (f"/fr/staff/reports/{report.public_id}/", readers),
        "evidence download": (
            f"/fr/staff/reports/{report.public_id}/evidence/{evidence.public_id}/",
            readers,
        ),
        "case API": (f"/api/v1/cases/{case.public_id}", readers),
        "report API": (f"/api/v1/staff/reports/{report.public_id}", readers),
        "case cluster page": (f"/fr/staff/cases/{case.public_id}/cluster/", readers),
        "report cluster page": (f"/fr/staff/reports/{report.public_id}/cluster/", readers),
        "case cluster API": (f"/api/v1/cases/{case.public_id}/cluster", readers),
        "report cluster API": (f"/api/v1/staff/reports/{report.public_id}/cluster", readers),
    }


def _writes(case: Case) -> list[tuple[str, str, dict[str, object]]]:
    report = case.reports.get()
    base = f"/api/v1/cases/{case.public_id}"
    task = case.tasks.get()
    return [
        ("post", f"{base}/status", {"status": "investigating"}),
        ("post", f"{base}/notes", {"body": "note"}),
        ("post", f"{base}/tasks", {"title": "task"}),
        ("post", f"{base}/tasks/{task.pk}/done", {}),
        ("post", f"{base}/messages", {"reference": report.reference, "text": "Bonjour"}),
        ("post", f"{base}/reopen", {"reason": "why"}),
        ("post", f"/api/v1/staff/reports/{report.public_id}/reject", {"reason": "spam"}),
        ("post", f"/api/v1/staff/reports/{report.public_id}/route", {"unit": "dgsn-cyber-ce"}),
        ("post", f"{base}/cluster/access-requests", {"node": "r1", "reason": "same number"}),
    ]


def _client(request: pytest.FixtureRequest, name: str) -> Client:
    return personas.signed_in_client(request.getfixturevalue(name))


@pytest.mark.parametrize("name", READERS + OUTSIDERS)
def test_reads_answer_200_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in _reads(case).items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in _reads(case).items()}
    assert answers == expected


@pytest.mark.parametrize("name", OUTSIDERS)
def test_writes_never_succeed_outside_need_to_know(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    for method, url, body in _writes(case):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code in (403, 404), (url, response.status_code)
    case.refresh_from_db()
    assert case.status == "open"
    assert case.notes.count() == 0


@pytest.mark.parametrize("name", OUTSIDERS)
def test_lists_and_search_never_show_the_case_outside_need_to_know(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    reference = case.reports.get().reference
    for url in (
        "/fr/staff/cases/",
        "/api/v1/cases",
        f"/fr/staff/search/?q={case.number}",
        f"/fr/staff/search/?q={reference}",
        "/fr/staff/triage/",
        "/api/v1/triage",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        # Each listed case or report links to its page by its public id; the query typed may be
        # echoed back, so the test looks for the ids, not for what was typed.
        body = response.content.decode()
        assert str(case.public_id) not in body, url
        assert str(case.reports.get().public_id) not in body, url


@pytest.mark.parametrize("name", [name for name in READERS + OUTSIDERS if name != "auditor"])
def test_only_auditors_read_the_audit_trail(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    assert client.get("/api/v1/audit/events").status_code == 404
    assert client.get("/fr/staff/audit/").status_code == 404


def test_the_auditor_reads_the_trail_of_the_case_without_its_content(
    case: Case, auditor: User
) -> None:
    client = personas.signed_in_client(auditor)
    response = client.get(f"/api/v1/audit/events?object_id={case.number}")
    assert response.status_code == 200
    assert "case.opened" in response.content.decode()
    assert client.get(f"/fr/staff/cases/{case.public_id}/").status_code == 404
