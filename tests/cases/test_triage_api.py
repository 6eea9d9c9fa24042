"""The triage API: the queue, the staff view of a report, the actions, and their refusals."""

from typing import Any

import pytest
from django.test import Client

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle, triage
from vigilance.intake import services
from vigilance.intake.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def _submit(**changes: object) -> Report:
    return services.report_submit(draft=report_draft(**changes), channel="web").report


def _route(report: Report, code: str, actor: User) -> Report:
    return triage.triage_route(report=report, unit=Unit.objects.get(code=code), actor=actor)


def _url(report: Report, action: str = "") -> str:
    return f"/api/v1/staff/reports/{report.public_id}" + (f"/{action}" if action else "")


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_the_queue_lists_waiting_reports_most_urgent_first_with_filters(
    triage_officer: User,
) -> None:
    low, high = _submit(region="LT"), _submit(region="CE")
    Report.objects.filter(pk=high.pk).update(priority=99)
    client = personas.signed_in_client(triage_officer)

    body = client.get("/api/v1/triage").json()
    filtered = client.get("/api/v1/triage", {"region": "LT"}).json()

    assert [item["reference"] for item in body["items"]] == [high.reference, low.reference]
    assert body["next"] is None
    littoral = filtered["items"][0]
    assert [item["reference"] for item in filtered["items"]] == [low.reference]
    assert littoral["suggested_unit"] == "dgsn-cyber-lt"
    assert littoral["rule"]


def test_a_bad_queue_cursor_answers_422_in_the_error_shape(triage_officer: User) -> None:
    response = personas.signed_in_client(triage_officer).get("/api/v1/triage", {"after": "@@"})

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["after"]


@pytest.mark.parametrize("name", ["investigator_centre", "mtn_responder"])
def test_the_queue_is_not_found_for_others(name: str) -> None:
    client = personas.signed_in_client(personas.persona(name))
    assert client.get("/api/v1/triage").status_code == 404


def test_reading_a_report_gives_identifiers_and_hashes_and_is_audited(
    triage_officer: User,
) -> None:
    report = _submit(
        identifiers=[services.IdentifierInput(type="url", value="http://evil.example.com/x")]
    )
    response = personas.signed_in_client(triage_officer).get(_url(report))

    body = response.json()
    assert response.status_code == 200
    assert body["reference"] == report.reference
    assert body["identifiers"][0]["display"].startswith("hxxp://")
    assert body["reporter"]["email"] == "john@example.cm"
    assert AuditEvent.objects.filter(action="report.viewed", object_id=report.reference).exists()


def test_a_report_outside_need_to_know_is_not_found(
    triage_officer: User, investigator_centre: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)

    assert personas.signed_in_client(investigator_centre).get(_url(report)).status_code == 404
    responder = personas.signed_in_client(personas.persona("mtn_responder"))
    assert responder.get(_url(report)).status_code == 404
    missing = "/api/v1/staff/reports/00000000-0000-0000-0000-000000000000"
    assert personas.signed_in_client(triage_officer).get(missing).status_code == 404


def test_routing_by_api_moves_the_report(triage_officer: User) -> None:
    report = _submit(region="LT")

    response = _post(
        personas.signed_in_client(triage_officer), _url(report, "route"), {"unit": "dgsn-cyber-lt"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == ReportStatus.TRIAGED
    assert response.json()["unit"] == "dgsn-cyber-lt"


def test_routing_to_an_unknown_unit_answers_422(triage_officer: User) -> None:
    report = _submit()
    response = _post(
        personas.signed_in_client(triage_officer), _url(report, "route"), {"unit": "nowhere"}
    )
    assert response.status_code == 422
    assert "unit" in response.json()["error"]["fields"]


def test_routing_a_report_already_in_a_case_answers_409(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)
    lifecycle.case_open(report=report, actor=investigator_littoral)

    response = _post(
        personas.signed_in_client(triage_officer), _url(report, "route"), {"unit": "dgsn-cyber-ce"}
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_action"


def test_requalify_duplicate_and_reject_by_api(triage_officer: User) -> None:
    client = personas.signed_in_client(triage_officer)
    first, second, third = _submit(), _submit(), _submit()

    requalified = _post(
        client, _url(first, "requalify"), {"category": "phishing", "reason": "A fake bank page"}
    )
    duplicate = _post(
        client, _url(second, "duplicate"), {"original": first.reference, "reason": "Same facts"}
    )
    rejected = _post(client, _url(third, "reject"), {"reason": "Insults only"})

    assert requalified.status_code == 200
    assert requalified.json()["category"] == "phishing"
    assert duplicate.status_code == 200
    assert duplicate.json()["duplicate_of"] == first.reference
    assert rejected.status_code == 200
    assert rejected.json()["status"] == ReportStatus.REJECTED


@pytest.mark.parametrize(
    ("action", "body", "status", "field"),
    [
        ("reject", {"reason": "  "}, 409, "reason"),
        ("requalify", {"category": "phishing", "reason": ""}, 409, "reason"),
        ("requalify", {"category": "nothing", "reason": "x"}, 422, "category"),
        ("duplicate", {"original": "VIG-1999-000001", "reason": "x"}, 409, "original"),
        ("reject", {}, 422, "reason"),
    ],
)
def test_invalid_triage_actions_answer_a_clear_4xx(
    triage_officer: User, action: str, body: dict[str, str], status: int, field: str
) -> None:
    report = _submit()

    response = _post(personas.signed_in_client(triage_officer), _url(report, action), body)

    assert response.status_code == status
    assert field in response.json()["error"]["fields"]


def test_an_investigator_triage_action_is_forbidden(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)

    response = _post(
        personas.signed_in_client(investigator_littoral), _url(report, "reject"), {"reason": "x"}
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_opening_a_case_by_api_answers_its_number(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)

    response = _post(
        personas.signed_in_client(investigator_littoral),
        _url(report, "case"),
        {"title": "Marketplace phone", "tlp": "green"},
    )

    assert response.status_code == 201
    case = Case.objects.get(number=response.json()["number"])
    assert str(case.public_id) == response.json()["id"]
    assert case.tlp == "green"


def test_the_openapi_spec_declares_the_error_answers(triage_officer: User) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/staff/reports/{report_id}/route"]["post"]["responses"]
    assert {"403", "404", "409", "422"} <= set(responses)
