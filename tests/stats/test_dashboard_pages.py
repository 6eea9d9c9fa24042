"""The statistics dashboard and its API: each person sees the figures of their scope only, bad
months are refused in the reader's language, and every CSV export is in the audit trail."""

import csv
import io
from typing import Any

import pytest
from django.utils import timezone

from tests import personas
from tests.requisitions.conftest import staff_member
from tests.stats.conftest import received, routed
from vigilance.accounts.models import Role, User
from vigilance.audit.models import AuditEvent
from vigilance.stats.months import month_of
from vigilance.stats.services.refresh import statistics_refresh

pytestmark = pytest.mark.django_db

PAGE = "/{language}/staff/statistics/"
API = "/api/v1/stats/dashboard"


@pytest.fixture
def centre_supervisor(db: None) -> User:
    return staff_member("chief-centre", "dgsn-cyber-ce", [Role.SUPERVISOR])


@pytest.fixture
def routed_reports(triage_officer: User) -> None:
    """Two reports routed to the Centre's police unit, three to the Littoral's, one from the North
    (the gendarmerie's by the routing rules)."""
    for _index in range(2):
        routed(received(region="CE"), "dgsn-cyber-ce", triage_officer)
    for _index in range(3):
        routed(received(region="LT"), "dgsn-cyber-lt", triage_officer)
    received(region="NO")
    statistics_refresh()


def _month() -> str:
    return f"{month_of(timezone.now()):%Y-%m}"


def _api(client: Any, **query: str) -> Any:
    return client.get(API, {"from": _month(), "to": _month(), **query})


def test_a_unit_supervisor_sees_only_their_unit(
    routed_reports: None, centre_supervisor: User
) -> None:
    client = personas.signed_in_client(centre_supervisor)
    body = _api(client).json()
    assert (body["scope"], body["unit"], body["total_reports"]) == ("unit", "dgsn-cyber-ce", 2)
    assert [row["code"] for row in body["by_region"]] == ["CE"]
    page = client.get(PAGE.format(language="en"))
    assert page.status_code == 200
    assert "Littoral" not in page.content.decode().split("<h1>")[1]


def test_a_unit_supervisor_cannot_ask_for_another_units_figures(
    routed_reports: None, centre_supervisor: User
) -> None:
    client = personas.signed_in_client(centre_supervisor)
    response = _api(client, unit="dgsn-cyber-lt")
    assert response.status_code == 400
    assert "dgsn-cyber-lt" not in response.content.decode()
    page = client.get(PAGE.format(language="en"), {"unit": "dgsn-cyber-lt"})
    assert page.status_code == 400
    assert "Choose a unit from the list." in page.content.decode()


def test_a_supervisor_sees_the_units_below_theirs(
    routed_reports: None, supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    assert _api(client).json()["total_reports"] == 5
    assert _api(client, unit="dgsn-cyber-lt").json()["total_reports"] == 3


def test_the_statistician_sees_the_country_and_any_unit(
    routed_reports: None, statistician: User
) -> None:
    client = personas.signed_in_client(statistician)
    body = _api(client).json()
    assert (body["scope"], body["total_reports"]) == ("national", 6)
    assert _api(client, unit="dgsn-cyber-lt").json()["total_reports"] == 3
    page = client.get(PAGE.format(language="fr"))
    assert page.status_code == 200
    assert "Statistiques" in page.content.decode()


def test_a_supervisor_of_the_coordination_centre_sees_the_country(routed_reports: None) -> None:
    chief = staff_member("chief-coord", "coord-supervision", [Role.SUPERVISOR])
    assert _api(personas.signed_in_client(chief)).json()["total_reports"] == 6


@pytest.mark.parametrize(
    ("query", "french", "english"),
    [
        (
            {"from": "2026-05", "to": "2026-01"},
            "Le dernier mois vient avant le premier.",
            "The last month comes before the first.",
        ),
        (
            {"from": "2026-13"},
            "Indiquez le premier mois sous la forme année-mois, par exemple 2026-01.",
            "Give the first month as year-month, e.g. 2026-01.",
        ),
        (
            {"from": "2010-01", "to": "2026-01"},
            "Demandez dix ans au plus.",
            "Ask for ten years at most.",
        ),
    ],
)
def test_bad_months_are_refused_in_the_readers_language(
    statistician: User, query: dict[str, str], french: str, english: str
) -> None:
    client = personas.signed_in_client(statistician)
    for language, message in (("fr", french), ("en", english)):
        response = client.get(PAGE.format(language=language), query)
        assert response.status_code == 400
        assert message in response.content.decode()
    response = client.get(API, query, headers={"accept-language": "fr"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == french


@pytest.mark.parametrize(
    "name",
    ["editor", "auditor", "administrator_user", "mtn_responder", "investigator_centre"],
)
def test_people_without_statistics_get_not_found(name: str, request: pytest.FixtureRequest) -> None:
    client = personas.signed_in_client(request.getfixturevalue(name))
    assert client.get(PAGE.format(language="en")).status_code == 404
    assert client.get(API).status_code in (401, 404)


def test_a_csv_export_holds_the_table_and_is_audited(
    routed_reports: None, statistician: User
) -> None:
    client = personas.signed_in_client(statistician)
    response = client.get(
        "/en/staff/statistics/export/regions.csv", {"from": _month(), "to": _month()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == ["Region", "Reports"]
    assert {row[1] for row in rows[2:]} == {"3", "2", "1"}
    event = AuditEvent.objects.get(action="statistics.exported")
    assert (event.actor_id, event.object_id, event.details["scope"]) == (
        statistician.pk,
        "regions",
        "national",
    )


def test_an_unknown_table_is_not_found(statistician: User) -> None:
    client = personas.signed_in_client(statistician)
    assert client.get("/en/staff/statistics/export/people.csv").status_code == 404
    assert not AuditEvent.objects.filter(action="statistics.exported").exists()
