"""The freeze pages: asked from the case's money trail, answered on the desk, refused with a
readable message, and the victim's follow page in plain words."""

import pytest

from tests.personas import signed_in_client
from tests.requisitions.test_freezes import ask
from vigilance.accounts.models import Organisation, User
from vigilance.cases.models import Case
from vigilance.requisitions.models import FreezeRequest, FreezeStatus

pytestmark = pytest.mark.django_db


def test_the_investigator_asks_a_freeze_from_the_money_trail(
    case: Case, investigator_littoral: User
) -> None:
    client = signed_in_client(investigator_littoral)
    url = f"/fr/staff/cases/{case.public_id}/money-trail/"
    assert client.get(f"/fr/staff/cases/{case.public_id}/").content.decode().count(url) == 1
    response = client.post(
        url,
        {
            "freeze-issuer": Organisation.objects.get(code="mtn").pk,
            "freeze-account": "677 12 34 56",
            "freeze-amount_asked": "75000",
        },
    )
    freeze = FreezeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/staff/freezes/{freeze.public_id}/"
    assert freeze.status == FreezeStatus.SENT
    assert freeze.reference in client.get(url).content.decode()


def test_moved_on_then_held_shows_on_the_trail_and_the_follow_page(
    case: Case, investigator_littoral: User, mtn_responder: User, orange_responder: User
) -> None:
    first = ask(case, investigator_littoral)
    mtn = signed_in_client(mtn_responder)
    desk = mtn.get("/fr/staff/desk/").content.decode()
    assert first.reference in desk
    assert "il reste" in desk
    response = mtn.post(
        f"/fr/staff/freezes/{first.public_id}/answer/",
        {
            "answer-outcome": "moved_on",
            "answer-amount": "40000",
            "answer-next_issuer": Organisation.objects.get(code="orange").pk,
            "answer-next_account": "699 11 22 33",
        },
    )
    assert response.status_code == 302
    second = FreezeRequest.objects.get(parent=first)
    orange = signed_in_client(orange_responder)
    assert orange.get(f"/fr/staff/freezes/{first.public_id}/").status_code == 404
    response = orange.post(
        f"/fr/staff/freezes/{second.public_id}/answer/",
        {"answer-outcome": "held", "answer-amount": "30000"},
    )
    assert response.status_code == 302
    trail = (
        signed_in_client(investigator_littoral)
        .get(f"/fr/staff/cases/{case.public_id}/money-trail/")
        .content.decode()
    )
    assert first.reference in trail
    assert second.reference in trail
    assert "30\u202f000 FCFA" in trail


def test_a_held_amount_above_the_amount_asked_is_a_readable_400(
    case: Case, investigator_littoral: User, mtn_responder: User
) -> None:
    freeze = ask(case, investigator_littoral, amount=50_000)
    response = signed_in_client(mtn_responder).post(
        f"/fr/staff/freezes/{freeze.public_id}/answer/",
        {"answer-outcome": "held", "answer-amount": "60000"},
    )
    assert response.status_code == 400
    assert "ne peut pas dépasser le montant demandé" in response.content.decode()
