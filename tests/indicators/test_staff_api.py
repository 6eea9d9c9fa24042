"""The analysts' indicator API: search, read, set a status, keep the warning list; a 404 for
every role that does not analyse indicators."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.indicators.models import Indicator, IndicatorStatus, WarningListEntry

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


@pytest.fixture
def analyst(cirt_analyst: User) -> Client:
    return personas.signed_in_client(cirt_analyst)


@pytest.fixture
def number() -> Indicator:
    return Indicator.objects.create(
        type="phone", value="+237699887766", report_count=5, reporter_count=4
    )


def test_search_reads_the_value_in_its_normal_form(analyst: Client, number: Indicator) -> None:
    response = analyst.get("/api/v1/indicators", {"value": "6 99 88 77 66"})

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["id"], item["reporter_count"]) for item in items] == [(number.pk, 4)]
    assert items[0]["display"] == "+237 6 99 88 77 66"


def test_search_filters_by_status(analyst: Client, number: Indicator) -> None:
    Indicator.objects.create(type="phone", value="+237699000001", status="confirmed_fraud")

    items = analyst.get("/api/v1/indicators", {"status": "confirmed_fraud"}).json()["items"]

    assert [item["value"] for item in items] == ["+237699000001"]


def test_a_value_invalid_for_its_type_is_422(analyst: Client) -> None:
    response = analyst.get(
        "/api/v1/indicators", {"type": "email", "value": "not an address"}, headers=EN
    )

    assert response.status_code == 422
    assert "value" in response.json()["error"]["fields"]


def test_an_indicator_comes_with_its_history(
    analyst: Client, number: Indicator, cirt_analyst: User
) -> None:
    changed = analyst.post(
        f"/api/v1/indicators/{number.pk}/status",
        {"status": "confirmed_fraud", "reason": "Operator confirmed the SIM swap."},
        content_type="application/json",
    )

    assert changed.status_code == 200
    detail = analyst.get(f"/api/v1/indicators/{number.pk}").json()
    assert detail["status"] == "confirmed_fraud"
    assert detail["history"][0]["reason"] == "Operator confirmed the SIM swap."
    assert detail["history"][0]["actor"] == cirt_analyst.username
    assert AuditEvent.objects.filter(action="indicator.status_changed").count() == 1


def test_a_status_without_reason_is_422(analyst: Client, number: Indicator) -> None:
    response = analyst.post(
        f"/api/v1/indicators/{number.pk}/status",
        {"status": "confirmed_fraud", "reason": "  "},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "reason" in response.json()["error"]["fields"]
    assert Indicator.objects.get(pk=number.pk).status == IndicatorStatus.UNVERIFIED


def test_the_same_status_again_is_409(analyst: Client, number: Indicator) -> None:
    response = analyst.post(
        f"/api/v1/indicators/{number.pk}/status",
        {"status": "unverified", "reason": "Again"},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_warning_list_add_list_and_remove(analyst: Client) -> None:
    domain = Indicator.objects.create(type="domain", value="support.arnaque-demo.cm")

    added = analyst.post(
        "/api/v1/warning-list",
        {"type": "domain", "value": "WWW.Arnaque-Demo.CM", "is_suffix": True, "reason": "Test"},
        content_type="application/json",
    )

    assert added.status_code == 201
    entry = added.json()
    assert entry["value"] == "arnaque-demo.cm"
    assert Indicator.objects.get(pk=domain.pk).is_warning_listed
    listed = analyst.get("/api/v1/warning-list").json()
    assert "arnaque-demo.cm" in [item["value"] for item in listed]

    removed = analyst.delete(f"/api/v1/warning-list/{entry['id']}")

    assert removed.status_code == 204
    assert not WarningListEntry.objects.filter(pk=entry["id"]).exists()
    assert not Indicator.objects.get(pk=domain.pk).is_warning_listed


def test_an_invalid_warning_list_value_is_422(analyst: Client) -> None:
    response = analyst.post(
        "/api/v1/warning-list",
        {"type": "phone", "value": "12", "reason": "Test"},
        content_type="application/json",
        headers=EN,
    )
    assert response.status_code == 422
    assert "value" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "name", ["mtn_responder", "auditor", "administrator_user", "triage_officer"]
)
def test_other_roles_get_404_everywhere(name: str, number: Indicator) -> None:
    client = personas.signed_in_client(personas.persona(name))

    assert client.get("/api/v1/indicators").status_code == 404
    assert client.get(f"/api/v1/indicators/{number.pk}").status_code == 404
    assert client.get("/api/v1/warning-list").status_code == 404
    changed = client.post(
        f"/api/v1/indicators/{number.pk}/status",
        {"status": "confirmed_fraud", "reason": "x"},
        content_type="application/json",
    )
    assert changed.status_code == 404
    assert Indicator.objects.get(pk=number.pk).status == IndicatorStatus.UNVERIFIED


def test_without_a_session_the_answer_is_401(client: Client, number: Indicator) -> None:
    assert client.get(f"/api/v1/indicators/{number.pk}").status_code == 401


def test_an_unknown_or_huge_id_is_404(analyst: Client) -> None:
    assert analyst.get("/api/v1/indicators/999999").status_code == 404
    assert analyst.get(f"/api/v1/indicators/{2**70}").status_code in (404, 422)
