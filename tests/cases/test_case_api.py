"""The staff case API: reading cases, moving them through the workflow and working on them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.cases.transitions import ALLOWED_TRANSITIONS
from vigilance.intake import services, staff
from vigilance.intake.services import SubmittedReport

pytestmark = pytest.mark.django_db

TRANSITIONS = [
    (current, target)
    for current, targets in ALLOWED_TRANSITIONS.items()
    for target in sorted(targets)
]
REFUSED = [("open", "referred_to_prosecutor"), ("open", "awaiting_third_party"), ("closed", "open")]


def _submitted(triage_officer: User) -> SubmittedReport:
    submitted = services.report_submit(draft=report_draft(), channel="web")
    staff.report_route(
        report=submitted.report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return submitted


@pytest.fixture
def submitted(triage_officer: User) -> SubmittedReport:
    return _submitted(triage_officer)


@pytest.fixture
def case(submitted: SubmittedReport, investigator_littoral: User) -> Case:
    return lifecycle.case_open(report=submitted.report, actor=investigator_littoral)


@pytest.fixture
def client(investigator_littoral: User) -> Client:
    return personas.signed_in_client(investigator_littoral)


def _post(client: Client, url: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_list_and_read_a_case(client: Client, case: Case) -> None:
    listed = client.get("/api/v1/cases", {"status": "open", "mine": "true"}).json()
    assert listed["count"] == 1
    assert listed["items"][0]["number"] == case.number
    assert listed["items"][0]["owning_unit"] == "dgsn-cyber-lt"
    detail = client.get(f"/api/v1/cases/{case.public_id}").json()
    assert detail["reports"][0]["reference"] == case.reports.get().reference
    assert detail["identifiers"][0]["reports"] == 1
    assert detail["timeline"][0]["kind"] == "opened"


def test_a_malformed_or_unknown_case_id_is_404(client: Client) -> None:
    assert client.get("/api/v1/cases/not-a-uuid").status_code == 404
    unknown = client.get("/api/v1/cases/00000000-0000-0000-0000-000000000000")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"


def test_the_api_needs_a_verified_staff_session(case: Case) -> None:
    assert Client().get(f"/api/v1/cases/{case.public_id}").status_code == 401


@pytest.mark.parametrize(("current", "target"), TRANSITIONS)
def test_every_allowed_transition(client: Client, case: Case, current: str, target: str) -> None:
    Case.objects.filter(pk=case.pk).update(status=current)
    body: dict[str, object] = {"status": target}
    if target == CaseStatus.CLOSED:
        body["outcome"] = "insufficient_information"
    answer = _post(client, f"/api/v1/cases/{case.public_id}/status", body)
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == target


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_a_refused_transition_is_409_with_a_readable_message(
    client: Client, case: Case, current: str, target: str
) -> None:
    Case.objects.filter(pk=case.pk).update(status=current)
    answer = _post(client, f"/api/v1/cases/{case.public_id}/status", {"status": target})
    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "invalid_action"
    assert "cannot become" in error["message"]


def test_closing_needs_an_outcome_and_the_victim_then_reads_closed(
    client: Client, case: Case, submitted: SubmittedReport
) -> None:
    url = f"/api/v1/cases/{case.public_id}/status"
    refused = _post(client, url, {"status": "closed"})
    assert refused.status_code == 409
    assert "outcome" in refused.json()["error"]["fields"]
    assert _post(client, url, {"status": "closed", "outcome": "funds_recovered"}).status_code == 200

    followed = Client().get(
        f"/api/v1/reports/{submitted.report.reference}",
        headers={"X-Tracking-Code": submitted.tracking_code},
    )
    assert followed.status_code == 200
    assert followed.json()["status"] == "closed"


def test_reopen_is_for_supervisors_with_a_reason(
    client: Client, case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    lifecycle.case_transition(
        case=case, status="closed", outcome="no_offence", actor=investigator_littoral
    )
    url = f"/api/v1/cases/{case.public_id}/reopen"
    assert _post(client, url, {"reason": "New facts"}).status_code == 403
    supervisor = personas.signed_in_client(supervisor_police)
    assert _post(supervisor, url, {"reason": "  "}).status_code == 409
    reopened = _post(supervisor, url, {"reason": "New facts"})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "investigating"


def test_tasks_notes_and_messages(client: Client, case: Case, investigator_littoral: User) -> None:
    base = f"/api/v1/cases/{case.public_id}"
    task = _post(
        client,
        f"{base}/tasks",
        {"title": "Freeze the wallet", "assignee": investigator_littoral.username},
    )
    assert task.status_code == 201
    done = _post(client, f"{base}/tasks/{task.json()['id']}/done", {})
    assert done.status_code == 200
    assert done.json()["done_at"] is not None
    assert _post(client, f"{base}/tasks", {"title": "x", "assignee": "nobody"}).status_code == 409
    assert _post(client, f"{base}/notes", {"body": "Seen on Facebook"}).status_code == 201
    message = _post(
        client,
        f"{base}/messages",
        {"reference": case.reports.get().reference, "text": "We found the seller."},
    )
    assert message.status_code == 201
    detail = client.get(base).json()
    assert [n["body"] for n in detail["notes"]] == ["Seen on Facebook"]
    assert {e["kind"] for e in detail["timeline"]} >= {"task_added", "task_done", "message_sent"}


def test_attach_share_revoke_and_link(
    client: Client,
    case: Case,
    triage_officer: User,
    investigator_littoral: User,
) -> None:
    base = f"/api/v1/cases/{case.public_id}"
    second = _submitted(triage_officer).report
    attached = _post(client, f"{base}/reports", {"reference": second.reference})
    assert attached.status_code == 200
    assert len(attached.json()["reports"]) == 2

    share = _post(
        client,
        f"{base}/shares",
        {
            "unit": "dgsn-cyber-ce",
            "reason": "Suspect in Yaoundé",
            "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert share.status_code == 201
    both = _post(
        client,
        f"{base}/shares",
        {
            "unit": "dgsn-cyber-ce",
            "user": "gendarme_north",
            "reason": "x",
            "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert both.status_code == 409
    assert client.delete(f"{base}/shares/{share.json()['id']}").status_code == 200
    assert client.delete(f"{base}/shares/{share.json()['id']}").status_code == 409

    other = lifecycle.case_open(
        report=_submitted(triage_officer).report, actor=investigator_littoral
    )
    linked = _post(client, f"{base}/links", {"number": other.number, "reason": "Same seller"})
    assert linked.status_code == 201
    assert linked.json()["links"][0]["number"] == other.number
    assert _post(client, f"{base}/links", {"number": case.number, "reason": "x"}).status_code == 409


def test_bad_bodies_are_422_in_the_contract_shape(client: Client, case: Case) -> None:
    answer = _post(client, f"/api/v1/cases/{case.public_id}/status", {"state": "closed"})
    assert answer.status_code == 422
    assert "status" in answer.json()["error"]["fields"]
