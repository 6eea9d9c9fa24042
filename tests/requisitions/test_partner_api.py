"""The partner API of requisitions, called over HTTP against the live server: a partner's
system lists what was sent to its organisation, acknowledges, answers with identifiers and a
file, or refuses; another organisation's requisition is a 404, a closed one a 409, a bad body a
4xx with a readable message in the caller's language."""

import base64
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.test import Client

from tests.accounts.test_api_keys import create_key
from tests.intake.test_receipts import PNG
from tests.requisitions.conftest import draft
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.requisitions.models import Requisition, RequisitionStatus
from vigilance.requisitions.services import workflow

BASE = "/api/v1/partner/requisitions"
RESPOND = [Permission.RESPOND_REQUISITIONS]


def call(
    server: str,
    method: str,
    path: str,
    key: str,
    body: object = None,
    *,
    language: str = "en",
    content_type: str = "application/json",
) -> tuple[int, Any]:
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 — the live server's own address
        server + path,
        data=data,
        method=method,
        headers={
            "Authorization": f"Bearer {key}",
            "Accept-Language": language,
            "Content-Type": content_type,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_partner_system_works_its_requisitions_over_http(
    live_server: Any,
    case: Case,
    sent: Requisition,
    investigator_littoral: User,
    supervisor_police: User,
    administrator_user: User,
) -> None:
    server = live_server.url
    mtn = create_key(administrator_user, "mtn", permissions=RESPOND).key
    orange = create_key(administrator_user, "orange", permissions=RESPOND).key
    still_draft = draft(case, investigator_littoral)
    other = workflow.requisition_approve(
        actor=supervisor_police, requisition=draft(case, investigator_littoral)
    )

    status, listed = call(server, "GET", BASE, mtn)
    assert status == 200
    assert listed["count"] == 2
    references = {item["reference"] for item in listed["items"]}
    assert references == {sent.reference, other.reference}
    assert still_draft.reference not in references
    item = listed["items"][0]
    assert item["identifiers"] == [{"type": "phone", "value": "+237677123456"}]
    assert "case" not in item
    assert "drafted_by" not in item

    status, one = call(server, "GET", f"{BASE}/{sent.reference}", mtn)
    assert (status, one["status"], one["kind"]) == (200, "sent", "subscriber_identity")

    # Orange sees nothing of MTN's, nor of a draft: the same 404 as a missing reference.
    for key, reference in ((orange, sent.reference), (mtn, still_draft.reference)):
        status, error = call(server, "GET", f"{BASE}/{reference}", key)
        assert status == 404
        assert error["error"]["code"] == "not_found"
    status, error = call(server, "POST", f"{BASE}/{sent.reference}/acknowledge", orange, {})
    assert status == 404
    assert call(server, "GET", BASE, orange)[1]["count"] == 0

    status, acknowledged = call(server, "POST", f"{BASE}/{sent.reference}/acknowledge", mtn, {})
    assert (status, acknowledged["status"]) == (200, "acknowledged")
    status, filtered = call(server, "GET", f"{BASE}?status=acknowledged", mtn)
    assert [item["reference"] for item in filtered["items"]] == [sent.reference]

    answer = {
        "text": "Titulaire : Paul Nkodo.",
        "items": [{"type": "phone", "value": "677 12 34 56"}],
        "files": [{"name": "fiche.png", "content_base64": base64.b64encode(PNG).decode()}],
    }
    status, answered = call(server, "POST", f"{BASE}/{sent.reference}/answer", mtn, answer)
    assert status == 200, answered
    assert answered["status"] == "answered"
    assert answered["answer_items"] == [{"type": "phone", "value": "+237677123456"}]
    assert len(answered["answer_files"]) == 1
    assert answered["answer_files"][0]["content_type"] == "image/png"

    # Closed: a second answer is a conflict, said in French to a French caller.
    status, error = call(
        server, "POST", f"{BASE}/{sent.reference}/answer", mtn, answer, language="fr"
    )
    assert status == 409
    assert error["error"]["message"] == (
        "Cette réquisition est déjà close : elle ne peut plus être modifiée."
    )

    status, refused = call(
        server, "POST", f"{BASE}/{other.reference}/refuse", mtn, {"reason": "Hors périmètre."}
    )
    assert (status, refused["status"], refused["refusal_reason"]) == (
        200,
        "refused",
        "Hors périmètre.",
    )

    label = f"api_key:{mtn.split('_')[1]}@mtn"
    actions = set(
        AuditEvent.objects.filter(
            actor_label=label, object_id__in=[sent.reference, other.reference]
        ).values_list("action", flat=True)
    )
    assert actions == {"requisition.acknowledged", "requisition.answered", "requisition.refused"}
    stored = Requisition.objects.get(pk=sent.pk)
    assert stored.answer_files.count() == 1
    assert stored.events.filter(kind="answered", actor=None).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bad_bodies_are_refused_with_a_readable_french_message(
    live_server: Any, sent: Requisition, administrator_user: User
) -> None:
    server = live_server.url
    mtn = create_key(administrator_user, "mtn", permissions=RESPOND).key
    answer = f"{BASE}/{sent.reference}/answer"

    status, error = call(server, "POST", answer, mtn, {"items": []}, language="fr")
    assert status == 422
    assert error["error"]["message"] == "Certains champs ne sont pas valides."
    assert error["error"]["fields"]["text"] == ["Ce champ est obligatoire."]

    status, error = call(
        server,
        "POST",
        answer,
        mtn,
        b"text=hello",
        language="fr",
        content_type="application/x-www-form-urlencoded",
    )
    assert status == 415
    assert "JSON" in error["error"]["message"]

    status, error = call(server, "POST", answer, mtn, b"{not json", language="fr")
    assert status == 400

    bad_file = {"text": "Voir fichier", "files": [{"name": "a.png", "content_base64": "%%%"}]}
    status, error = call(server, "POST", answer, mtn, bad_file, language="fr")
    assert status == 422
    assert error["error"]["fields"]["files"] == [
        "Le contenu d'un fichier n'est pas un base64 valide."
    ]

    bad_item = {"text": "Trouvé", "items": [{"type": "phone", "value": "pas un numéro"}]}
    status, error = call(server, "POST", answer, mtn, bad_item, language="fr")
    assert status == 422
    assert "items" in error["error"]["fields"]

    status, error = call(server, "GET", f"{BASE}?status=draft", mtn, language="fr")
    assert status == 422

    assert Requisition.objects.get(pk=sent.pk).status == RequisitionStatus.SENT


def test_a_key_without_the_permission_or_without_a_key(
    client: Client, sent: Requisition, administrator_user: User
) -> None:
    pull_only = create_key(administrator_user, "mtn").key
    response = client.get(
        BASE, headers={"authorization": f"Bearer {pull_only}", "accept-language": "en"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This key does not allow answering requisitions."
    assert client.get(BASE).status_code == 401
    assert client.get(BASE, headers={"authorization": "Bearer vig_nope"}).status_code == 401


def test_the_list_is_paginated(
    client: Client,
    case: Case,
    investigator_littoral: User,
    supervisor_police: User,
    administrator_user: User,
) -> None:
    mtn = create_key(administrator_user, "mtn", permissions=RESPOND).key
    for _ in range(3):
        workflow.requisition_approve(
            actor=supervisor_police, requisition=draft(case, investigator_littoral)
        )
    headers = {"authorization": f"Bearer {mtn}"}
    first = client.get(BASE, {"page_size": 2}, headers=headers).json()
    second = client.get(BASE, {"page_size": 2, "page": 2}, headers=headers).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)
    assert client.get(BASE, {"page_size": 500}, headers=headers).status_code == 422


@pytest.mark.django_db
def test_the_desk_still_answers_as_a_person(sent: Requisition, mtn_responder: User) -> None:
    answered = workflow.requisition_answer(actor=mtn_responder, requisition=sent, text="Fait.")
    assert answered.status == RequisitionStatus.ANSWERED
    assert answered.answer_items == []
