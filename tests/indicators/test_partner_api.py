"""``GET /api/v1/fraud-list``: what partners pull into their systems, in JSON or CSV, whole or
as the changes since a date (removals included), and nothing that was never confirmed."""

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests import personas
from tests.accounts.test_api_keys import create_key
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.indicators.services import indicator_set_status

pytestmark = pytest.mark.django_db

FRAUD_LIST = "/api/v1/fraud-list"


def indicator(type: str, value: str, **fields: object) -> Indicator:
    return Indicator.objects.create(type=type, value=value, **fields)


def confirm(item: Indicator, actor: User) -> Indicator:
    indicator_set_status(
        indicator=item, status=IndicatorStatus.CONFIRMED_FRAUD, reason="Confirmed", actor=actor
    )
    return item


@pytest.fixture
def key(administrator_user: User) -> str:
    return create_key(administrator_user).key


def pull(client: Client, key: str, **query: str) -> Any:
    return client.get(
        FRAUD_LIST, query, headers={"authorization": f"Bearer {key}", "accept-language": "en"}
    )


def body(response: Any) -> dict[str, Any]:
    return json.loads(b"".join(response.streaming_content))


def test_without_since_every_confirmed_fraud_and_nothing_else(
    client: Client, key: str, cirt_analyst: User
) -> None:
    fraud = confirm(
        indicator("phone", "+237699887766", provider="MTN", categories=["sim_swap"]), cirt_analyst
    )
    indicator("phone", "+237677000000", report_count=40, reporter_count=30)

    changed_at = Indicator.objects.get(pk=fraud.pk).status_changed_at
    assert changed_at is not None

    response = pull(client, key)

    assert response.status_code == 200
    data = body(response)
    assert data["count"] == 1
    assert data["since"] is None
    assert data["items"] == [
        {
            "type": "phone",
            "value": "+237699887766",
            "provider": "MTN",
            "status": "confirmed_fraud",
            "status_changed_at": changed_at.isoformat(),
            "categories": ["sim_swap"],
        }
    ]
    assert "generated_at" in data


def test_since_brings_additions_and_removals_but_never_unconfirmed_values(
    client: Client, key: str, cirt_analyst: User
) -> None:
    old = confirm(indicator("phone", "+237699000001"), cirt_analyst)
    Indicator.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=10)
    )
    since = timezone.now() - dt.timedelta(days=1)
    added = confirm(indicator("phone", "+237699000002"), cirt_analyst)
    removed = confirm(indicator("momo_account", "+237699000003"), cirt_analyst)
    indicator_set_status(
        indicator=removed,
        status=IndicatorStatus.FALSE_POSITIVE,
        reason="Owner proved it",
        actor=cirt_analyst,
    )
    never_confirmed = indicator("phone", "+237699000004")
    indicator_set_status(
        indicator=never_confirmed,
        status=IndicatorStatus.FALSE_POSITIVE,
        reason="No",
        actor=cirt_analyst,
    )

    data = body(pull(client, key, since=since.isoformat()))

    statuses = {item["value"]: item["status"] for item in data["items"]}
    assert statuses == {added.value: "confirmed_fraud", removed.value: "false_positive"}
    assert data["count"] == 2
    assert data["since"] == since.isoformat()


def test_since_accepts_a_date(client: Client, key: str, cirt_analyst: User) -> None:
    confirm(indicator("phone", "+237699000002"), cirt_analyst)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    assert body(pull(client, key, since=timezone.localdate().isoformat()))["count"] == 1
    assert body(pull(client, key, since=tomorrow.isoformat()))["count"] == 0


def test_type_filter_takes_one_or_several_types(
    client: Client, key: str, cirt_analyst: User
) -> None:
    confirm(indicator("phone", "+237699000002"), cirt_analyst)
    confirm(indicator("momo_account", "+237699000003"), cirt_analyst)
    confirm(indicator("domain", "arnaque.cm"), cirt_analyst)

    only_phones = body(pull(client, key, type="phone"))
    numbers = body(pull(client, key, type="phone,momo_account"))

    assert [item["type"] for item in only_phones["items"]] == ["phone"]
    assert sorted(item["type"] for item in numbers["items"]) == ["momo_account", "phone"]


def test_csv_is_an_attachment_that_the_csv_module_reads(
    client: Client, key: str, cirt_analyst: User
) -> None:
    confirm(
        indicator("url", "http://faux-mtn.cm/promo", categories=["phishing", "sim_swap"]),
        cirt_analyst,
    )
    confirm(indicator("phone", "+237699000002"), cirt_analyst)

    response = pull(client, key, format="csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["value"] for row in rows] == ["http://faux-mtn.cm/promo", "+237699000002"]
    assert rows[0]["categories"] == "phishing;sim_swap"
    assert rows[0]["status"] == "confirmed_fraud"
    assert set(rows[0]) == {
        "type",
        "value",
        "provider",
        "status",
        "status_changed_at",
        "categories",
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-13-45"}, "since"),
        ({"type": "telepathy"}, "type"),
        ({"type": ","}, "type"),
        ({"format": "xml"}, "format"),
    ],
    ids=["since-word", "since-impossible-date", "unknown-type", "empty-types", "format"],
)
def test_bad_parameters_are_400_in_the_contract_shape(
    client: Client, key: str, query: dict[str, str], field: str
) -> None:
    response = pull(client, key, **query)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]


def test_without_a_key_the_answer_is_401(client: Client) -> None:
    response = client.get(FRAUD_LIST)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_partner_responder_pulls_with_their_session(mtn_responder: User) -> None:
    response = personas.signed_in_client(mtn_responder).get(FRAUD_LIST)

    assert response.status_code == 200
    assert body(response)["count"] == 0
    assert AuditEvent.objects.get(action="fraud_list.pulled").actor_id == mtn_responder.pk


@pytest.mark.parametrize("name", ["cirt_analyst", "auditor", "administrator_user"])
def test_other_roles_get_404(name: str) -> None:
    response = personas.signed_in_client(personas.persona(name)).get(FRAUD_LIST)
    assert response.status_code == 404


def test_each_key_has_its_own_rate_limit(
    client: Client, key: str, administrator_user: User, settings: Settings
) -> None:
    settings.RATE_FRAUD_LIST_PER_KEY = "2/m"
    other = create_key(administrator_user, organisation_code="orange").key

    assert pull(client, key).status_code == 200
    assert pull(client, key).status_code == 200
    refused = pull(client, key)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert pull(client, other).status_code == 200
