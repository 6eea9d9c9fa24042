"""An indicator's TLP marking: set by analysts with a reason, and honoured by the partners' fraud
list (never RED, AMBER+STRICT only for the provider's organisation) and by the public check (a
RED or AMBER+STRICT confirmation is never shown)."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from tests import personas
from tests.accounts.test_api_keys import create_key
from vigilance.accounts.models import User
from vigilance.audit.describe import event_sentence
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.indicators.lookup import public_check
from vigilance.indicators.models import Indicator, IndicatorStatus, IndicatorTlpChange
from vigilance.indicators.services import indicator_set_status, indicator_tlp_set

pytestmark = pytest.mark.django_db

FRAUD_LIST = "/api/v1/fraud-list"


def confirmed(value: str, actor: User, *, type: str = "phone", provider: str = "MTN") -> Indicator:
    item = Indicator.objects.create(type=type, value=value, provider=provider)
    indicator_set_status(
        indicator=item, status=IndicatorStatus.CONFIRMED_FRAUD, reason="Confirmed", actor=actor
    )
    return item


def mark(item: Indicator, tlp: str, actor: User) -> Indicator:
    indicator_tlp_set(indicator=item, tlp=tlp, reason="Covert operation", actor=actor)
    return item


def pulled_values(key: str, **query: str) -> list[str]:
    response = Client().get(FRAUD_LIST, query, headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 200
    data: dict[str, Any] = json.loads(b"".join(response.streaming_content))
    return [item["value"] for item in data["items"]]


# The service


def test_an_analyst_marks_an_indicator_with_a_reason_kept_and_audited(cirt_analyst: User) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000001")
    change = indicator_tlp_set(
        indicator=item, tlp="amber_strict", reason="  MTN's own case  ", actor=cirt_analyst
    )
    item.refresh_from_db()
    assert item.tlp == "amber_strict"
    assert (change.previous_tlp, change.tlp, change.reason) == (
        "amber",
        "amber_strict",
        "MTN's own case",
    )
    event = AuditEvent.objects.get(action="indicator.tlp_changed", object_id=str(item.pk))
    assert event.actor_id == cirt_analyst.pk
    assert event.details == {"from": "amber", "to": "amber_strict"}
    with translation.override("en"):
        assert "changed the TLP marking of indicator" in event_sentence(event)


def test_a_marking_without_reason_unknown_or_unchanged_is_refused(cirt_analyst: User) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000002")
    for tlp, reason, field in (
        ("red", "   ", "reason"),
        ("purple", "why", "tlp"),
        ("amber", "why", "tlp"),
    ):
        with pytest.raises(InvalidAction) as refused:
            indicator_tlp_set(indicator=item, tlp=tlp, reason=reason, actor=cirt_analyst)
        assert field in refused.value.fields
    assert not IndicatorTlpChange.objects.exists()
    assert not AuditEvent.objects.filter(action="indicator.tlp_changed").exists()


def test_someone_who_does_not_analyse_indicators_cannot_mark_one(mtn_responder: User) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000003")
    with pytest.raises(NotAllowed):
        indicator_tlp_set(indicator=item, tlp="clear", reason="Publish", actor=mtn_responder)
    item.refresh_from_db()
    assert item.tlp == "amber"


# The page and the API


def test_the_indicator_page_changes_the_marking_and_shows_it_in_the_history(
    cirt_analyst: User,
) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000004")
    client = personas.signed_in_client(cirt_analyst)
    url = f"/en/staff/indicators/{item.pk}/"
    answer = client.post(f"{url}tlp/", {"marking-tlp": "red", "marking-reason": "Covert"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "TLP:RED" in page
    assert "Marking:" in page
    assert "Covert" in page


def test_the_page_refuses_a_marking_without_reason_in_the_readers_language(
    cirt_analyst: User,
) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000005")
    client = personas.signed_in_client(cirt_analyst)
    answer = client.post(
        f"/fr/staff/indicators/{item.pk}/tlp/", {"marking-tlp": "amber", "marking-reason": "x"}
    )
    assert answer.status_code == 400
    assert "a déjà ce marquage" in answer.content.decode()
    item.refresh_from_db()
    assert item.tlp == "amber"


def test_a_partner_responder_cannot_reach_the_marking_page(
    mtn_responder: User, cirt_analyst: User
) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000006")
    client = personas.signed_in_client(mtn_responder)
    answer = client.post(
        f"/en/staff/indicators/{item.pk}/tlp/", {"marking-tlp": "clear", "marking-reason": "x"}
    )
    assert answer.status_code in (403, 404)
    item.refresh_from_db()
    assert item.tlp == "amber"


def test_the_staff_api_sets_the_marking_and_lists_its_history(cirt_analyst: User) -> None:
    item = Indicator.objects.create(type="phone", value="+237699000007")
    client = personas.signed_in_client(cirt_analyst)
    url = f"/api/v1/indicators/{item.pk}/tlp"
    answer = client.post(
        url, {"tlp": "green", "reason": "Shared widely"}, content_type="application/json"
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["tlp"] == "green"
    assert data["tlp_history"][0]["previous_tlp"] == "amber"
    assert data["tlp_history"][0]["reason"] == "Shared widely"
    wrong = client.post(url, {"tlp": "purple", "reason": "x"}, content_type="application/json")
    assert wrong.status_code == 422
    again = client.post(url, {"tlp": "green", "reason": "x"}, content_type="application/json")
    assert again.status_code == 422
    assert "tlp" in again.json()["error"]["fields"]


# The partners' fraud list


def test_the_fraud_list_never_gives_a_red_indicator(
    administrator_user: User, cirt_analyst: User
) -> None:
    shared = confirmed("+237699100001", cirt_analyst)
    covert = mark(confirmed("+237699100002", cirt_analyst), "red", cirt_analyst)
    key = create_key(administrator_user, "mtn").key
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert pulled_values(key) == [shared.value]
    assert covert.value not in pulled_values(key, since=since)


def test_amber_strict_goes_only_to_the_organisation_of_its_provider(
    administrator_user: User, cirt_analyst: User
) -> None:
    mtn_only = mark(
        confirmed("+237699100003", cirt_analyst, provider="MTN"), "amber_strict", cirt_analyst
    )
    wallet = mark(
        confirmed("+237699100004", cirt_analyst, type="momo_account", provider="mtn_momo"),
        "amber_strict",
        cirt_analyst,
    )
    orange = create_key(administrator_user, "orange").key
    mtn = create_key(administrator_user, "mtn").key
    momo = create_key(administrator_user, "mtn_momo").key
    assert pulled_values(orange) == []
    assert pulled_values(mtn) == [mtn_only.value]
    assert pulled_values(momo) == [wallet.value]


def test_a_partners_staff_session_pulls_the_same_filtered_list(
    cirt_analyst: User, orange_responder: User
) -> None:
    green = mark(confirmed("+237699100005", cirt_analyst), "green", cirt_analyst)
    mark(confirmed("+237699100006", cirt_analyst, provider="MTN"), "amber_strict", cirt_analyst)
    mark(confirmed("+237699100007", cirt_analyst), "red", cirt_analyst)
    response = personas.signed_in_client(orange_responder).get(FRAUD_LIST)
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content))
    assert [item["value"] for item in data["items"]] == [green.value]


def test_a_confirmed_fraud_made_shareable_again_reaches_copies_kept_since_a_date(
    administrator_user: User, cirt_analyst: User
) -> None:
    item = mark(confirmed("+237699100008", cirt_analyst), "red", cirt_analyst)
    key = create_key(administrator_user, "mtn").key
    since = timezone.now().isoformat()
    assert pulled_values(key, since=since) == []
    mark(item, "amber", cirt_analyst)
    assert pulled_values(key, since=since) == [item.value]


# The public check


def test_the_public_check_never_shows_a_red_or_strict_indicator_as_confirmed(
    cirt_analyst: User,
) -> None:
    item = confirmed("+237699100009", cirt_analyst)
    assert public_check("phone", item.value).status == "confirmed_fraud"
    for tlp in ("red", "amber_strict"):
        mark(item, tlp, cirt_analyst)
        assert public_check("phone", item.value).status == "not_reported"
    api = Client().get("/api/v1/lookup", {"type": "phone", "value": item.value})
    assert api.status_code == 200
    assert api.json()["status"] == "not_reported"


def test_a_red_indicator_with_enough_verified_reporters_shows_as_reported_only(
    cirt_analyst: User,
) -> None:
    item = confirmed("+237699100010", cirt_analyst)
    Indicator.objects.filter(pk=item.pk).update(verified_reporter_count=5)
    mark(item, "red", cirt_analyst)
    assert public_check("phone", item.value).status == "reported"
