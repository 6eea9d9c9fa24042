"""The staff cluster API: nodes and edges with the same need-to-know redaction as the page, and
404 outside need-to-know. Needs the cluster router in ``vigilance.api``."""

import pytest
from django.test import Client

from tests import personas
from tests.cases.test_cluster_pages import SECRET
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(triage_officer: User) -> Report:
    return report_naming(triage_officer, "6 99 00 00 01")


@pytest.fixture
def theirs(triage_officer: User, gendarme_north: User, mine: Report) -> Report:
    report = report_naming(
        triage_officer, "6 99 00 00 01", "6 99 00 00 07", unit=NORTH, description=SECRET
    )
    lifecycle.case_open(report=report, actor=gendarme_north)
    return report


def _get(user: User, url: str):  # type: ignore[no-untyped-def]
    return personas.signed_in_client(user).get(url, HTTP_ACCEPT_LANGUAGE="en")


def test_the_cluster_of_a_report_as_nodes_and_edges(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    answer = _get(investigator_centre, f"/api/v1/staff/reports/{mine.public_id}/cluster")
    assert answer.status_code == 200
    body = answer.json()
    assert body["truncated"] is False
    visible = [r for r in body["reports"] if r["visible"]]
    hidden = [r for r in body["reports"] if not r["visible"]]
    assert [r["reference"] for r in visible] == [mine.reference]
    assert visible[0]["start"] is True
    assert len(hidden) == 1
    assert hidden[0]["reference"] is None
    assert hidden[0]["id"] is None
    assert hidden[0]["category"] is None
    assert hidden[0]["case_number"] is None
    case = Case.objects.get(case_reports__report=theirs)
    assert hidden[0]["owner_unit"] == case.owning_unit.name_en
    assert {i["display"] for i in body["indicators"]} == {"+237 6 99 00 00 01", None}
    assert len(body["edges"]) == 3
    text = answer.content.decode()
    for secret in (theirs.reference, str(theirs.public_id), case.number, SECRET, "699000007"):
        assert secret not in text


def test_the_cluster_of_a_case(gendarme_north: User, mine: Report, theirs: Report) -> None:
    case = Case.objects.get(case_reports__report=theirs)
    body = _get(gendarme_north, f"/api/v1/cases/{case.public_id}/cluster").json()
    visible = {r["reference"]: r for r in body["reports"] if r["visible"]}
    assert set(visible) == {theirs.reference}
    assert visible[theirs.reference]["case_number"] == case.number
    assert [r["owner_unit"] for r in body["reports"] if not r["visible"]] != []


@pytest.mark.parametrize("kind", ["report", "case"], ids=["report", "case"])
def test_outside_need_to_know_the_cluster_is_not_found(
    kind: str, investigator_centre: User, gendarme_north: User, mine: Report, theirs: Report
) -> None:
    if kind == "report":
        answer = _get(gendarme_north, f"/api/v1/staff/reports/{mine.public_id}/cluster")
    else:
        case = Case.objects.get(case_reports__report=theirs)
        answer = _get(investigator_centre, f"/api/v1/cases/{case.public_id}/cluster")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_an_unknown_report_is_not_found(investigator_centre: User) -> None:
    answer = _get(
        investigator_centre, "/api/v1/staff/reports/00000000-0000-4000-8000-000000000000/cluster"
    )
    assert answer.status_code == 404


def test_ask_for_access_through_the_api(
    investigator_centre: User, gendarme_north: User, mine: Report, theirs: Report
) -> None:
    client: Client = personas.signed_in_client(investigator_centre)
    base = f"/api/v1/staff/reports/{mine.public_id}/cluster"
    key = next(r["key"] for r in client.get(base).json()["reports"] if not r["visible"])
    answer = client.post(
        f"{base}/access-requests",
        {"node": key, "reason": "Same suspect number in my fraud case"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 201
    assert answer.json()["pending"] is True
    assert gendarme_north.notifications.count() == 1
    again = client.get(base).json()
    assert [r["access_requested"] for r in again["reports"] if not r["visible"]] == [True]


def test_ask_for_access_with_an_unknown_key_is_refused(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    client: Client = personas.signed_in_client(investigator_centre)
    answer = client.post(
        f"/api/v1/staff/reports/{mine.public_id}/cluster/access-requests",
        {"node": "r0000", "reason": "Same suspect"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 409
    assert "node" in answer.json()["error"]["fields"]
