"""The partner API of wallet freezes, over HTTP against the live server: the issuer's system
lists its freezes (open first), reads one, answers held or moved on (which opens the next freeze
down the trail); another issuer's freeze or one awaiting approval is a 404, a second answer a
409, a held amount above the amount asked a 400 in the caller's language."""

from typing import Any

import pytest
from django.test import Client

from tests.accounts.test_api_keys import create_key
from tests.requisitions.test_partner_api import call
from vigilance.accounts.models import Organisation, User
from vigilance.accounts.permissions import Permission
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.requisitions.models import FreezeRequest, FreezeStatus
from vigilance.requisitions.services import freezes

BASE = "/api/v1/partner/freezes"
RESPOND = [Permission.RESPOND_REQUISITIONS]


def ask(
    case: Case, actor: User, *, issuer: str = "mtn_momo", amount: int = 50_000
) -> FreezeRequest:
    return freezes.freeze_request_create(
        actor=actor,
        case=case,
        issuer=Organisation.objects.get(code=issuer),
        account="6 77 12 34 56",
        transaction_reference="7364519283",
        amount_asked=amount,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_issuer_system_works_its_freezes_over_http(
    live_server: Any, case: Case, investigator_littoral: User, administrator_user: User
) -> None:
    server = live_server.url
    momo = create_key(administrator_user, "mtn_momo", permissions=RESPOND).key
    first = ask(case, investigator_littoral)
    answered = ask(case, investigator_littoral, amount=10_000)
    status, _ = call(
        server,
        "POST",
        f"{BASE}/{answered.reference}/answer",
        momo,
        {"outcome": "insufficient_funds"},
    )
    assert status == 200

    status, listing = call(server, "GET", BASE, momo)
    assert status == 200
    assert [item["reference"] for item in listing["items"]] == [first.reference, answered.reference]
    assert listing["items"][0]["status"] == "sent"
    status, only_sent = call(server, "GET", f"{BASE}?status=sent", momo)
    assert [item["reference"] for item in only_sent["items"]] == [first.reference]

    status, one = call(server, "GET", f"{BASE}/{first.reference}", momo)
    assert (status, one["account"], one["amount_asked"]) == (200, "+237677123456", 50_000)
    assert one["deadline"] is not None
    assert one["overdue"] is False

    moved = {
        "outcome": "moved_on",
        "amount": 30_000,
        "next_issuer": "orange_money",
        "next_account": "699 11 22 33",
    }
    status, after = call(server, "POST", f"{BASE}/{first.reference}/answer", momo, moved)
    assert (status, after["status"]) == (200, "moved_on")
    child = FreezeRequest.objects.get(parent_id=first.pk)
    assert after["next"] == [child.reference]
    assert (child.issuer.code, child.amount_asked, child.status) == (
        "orange_money",
        30_000,
        FreezeStatus.SENT,
    )
    # The next link belongs to Orange Money: MTN MoMo's key gets a 404 on it.
    status, _ = call(server, "GET", f"{BASE}/{child.reference}", momo)
    assert status == 404
    orange = create_key(administrator_user, "orange_money", permissions=RESPOND).key
    status, held = call(
        server,
        "POST",
        f"{BASE}/{child.reference}/answer",
        orange,
        {"outcome": "held", "amount": 30_000},
    )
    assert (status, held["amount_held"], held["previous"]) == (200, 30_000, first.reference)

    # An answer to a freeze already answered: 409, nothing changed.
    status, error = call(
        server, "POST", f"{BASE}/{first.reference}/answer", momo, {"outcome": "held", "amount": 1}
    )
    assert status == 409
    assert error["error"]["message"] == "This freeze has already been answered."
    assert FreezeRequest.objects.get(pk=first.pk).status == FreezeStatus.MOVED_ON
    labels = set(
        AuditEvent.objects.filter(object_id=first.reference, action="freeze.moved_on").values_list(
            "actor_label", flat=True
        )
    )
    assert len(labels) == 1
    assert labels.pop().endswith("@mtn_momo")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bad_answers_are_refused_in_the_callers_language_and_nothing_is_lost(
    live_server: Any,
    case: Case,
    investigator_littoral: User,
    supervisor_police: User,
    administrator_user: User,
    settings: Any,
) -> None:
    server = live_server.url
    momo = create_key(administrator_user, "mtn_momo", permissions=RESPOND).key
    freeze = ask(case, investigator_littoral, amount=50_000)
    answer = f"{BASE}/{freeze.reference}/answer"

    status, error = call(
        server, "POST", answer, momo, {"outcome": "held", "amount": 80_000}, language="fr"
    )
    assert status == 400
    assert error["error"]["fields"]["amount"] == [
        "Le montant bloqué (80 000 FCFA) ne peut pas dépasser le montant demandé (50 000 FCFA)."
    ]
    status, error = call(server, "POST", answer, momo, {"outcome": "held", "amount": 80_000})
    assert status == 400
    assert "cannot exceed the amount asked" in error["error"]["message"]

    status, error = call(
        server, "POST", answer, momo, {"outcome": "moved_on", "amount": 5}, language="fr"
    )
    assert status == 400
    assert "next_account" in error["error"]["fields"]
    status, error = call(
        server,
        "POST",
        answer,
        momo,
        {"outcome": "moved_on", "amount": 5, "next_issuer": "nobody", "next_account": "699112233"},
    )
    assert (status, error["error"]["fields"]["next_issuer"]) == (400, ["No issuer has this code."])
    status, _ = call(server, "POST", answer, momo, {"outcome": "stolen"})
    assert status == 422
    assert FreezeRequest.objects.get(pk=freeze.pk).status == FreezeStatus.SENT

    # Awaiting a supervisor's approval: not the issuer's yet, a 404.
    settings.FREEZE_APPROVAL_THRESHOLD_XAF = 100_000
    waiting = ask(case, investigator_littoral, amount=2_000_000)
    assert waiting.status == FreezeStatus.AWAITING_APPROVAL
    status, _ = call(server, "GET", f"{BASE}/{waiting.reference}", momo)
    assert status == 404
    status, listing = call(server, "GET", BASE, momo)
    assert waiting.reference not in [item["reference"] for item in listing["items"]]


@pytest.mark.django_db
def test_another_issuers_key_a_key_without_the_right_and_no_key(
    client: Client, case: Case, investigator_littoral: User, administrator_user: User
) -> None:
    freeze = ask(case, investigator_littoral)
    orange = create_key(administrator_user, "orange_money", permissions=RESPOND).key
    headers = {"authorization": f"Bearer {orange}"}
    assert client.get(f"{BASE}/{freeze.reference}", headers=headers).status_code == 404
    assert client.get(BASE, headers=headers).json()["count"] == 0
    response = client.post(
        f"{BASE}/{freeze.reference}/answer",
        {"outcome": "held", "amount": 1},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    pull_only = create_key(administrator_user, "mtn_momo").key
    assert client.get(BASE, headers={"authorization": f"Bearer {pull_only}"}).status_code == 403
    assert client.get(BASE).status_code == 401
    assert FreezeRequest.objects.get(pk=freeze.pk).status == FreezeStatus.SENT


@pytest.mark.django_db
def test_the_list_is_paginated(
    client: Client, case: Case, investigator_littoral: User, administrator_user: User
) -> None:
    momo = create_key(administrator_user, "mtn_momo", permissions=RESPOND).key
    for _ in range(3):
        ask(case, investigator_littoral)
    headers = {"authorization": f"Bearer {momo}"}
    first = client.get(BASE, {"page_size": 2}, headers=headers).json()
    second = client.get(BASE, {"page_size": 2, "page": 2}, headers=headers).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)
    assert client.get(BASE, {"page_size": 500}, headers=headers).status_code == 422
