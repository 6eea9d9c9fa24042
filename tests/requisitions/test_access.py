"""Need-to-know on requisitions: the addressee's responders and the case's readers, nobody else."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import personas
from tests.requisitions.conftest import draft
from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.requisitions import access
from vigilance.requisitions.models import Requisition
from vigilance.requisitions.selectors.requisition import desk_list, overdue_list
from vigilance.requisitions.services import workflow

pytestmark = pytest.mark.django_db


def _page(requisition: Requisition) -> str:
    return f"/en/staff/requisitions/{requisition.public_id}/"


def test_a_responder_of_orange_gets_404_on_mtns_requisition(
    sent: Requisition, orange_responder: User
) -> None:
    client = personas.signed_in_client(orange_responder)
    assert client.get(_page(sent)).status_code == 404
    assert client.post(f"{_page(sent)}acknowledge/").status_code == 404


def test_an_investigator_of_another_unit_gets_404(
    sent: Requisition, investigator_centre: User
) -> None:
    client = personas.signed_in_client(investigator_centre)
    assert client.get(_page(sent)).status_code == 404
    assert client.get(f"/en/staff/cases/{sent.case.public_id}/requisitions/").status_code == 404


def test_a_missing_requisition_answers_the_same_404(mtn_responder: User) -> None:
    client = personas.signed_in_client(mtn_responder)
    missing = "/en/staff/requisitions/7d3c1a44-0000-4000-8000-000000000000/"
    assert client.get(missing).status_code == 404


def test_the_responder_sees_the_requisition_and_nothing_of_the_case(
    sent: Requisition, mtn_responder: User
) -> None:
    client = personas.signed_in_client(mtn_responder)
    response = client.get(_page(sent))
    body = response.content.decode()
    assert response.status_code == 200
    assert sent.reference in body
    assert "+237 6 77 12 34 56" in body
    assert sent.case.number not in body
    assert str(sent.case.public_id) not in body
    assert sent.case.title not in body
    assert "investigator_littoral" not in body
    assert client.get(f"/en/staff/cases/{sent.case.public_id}/").status_code == 404
    assert client.get(f"/en/staff/cases/{sent.case.public_id}/requisitions/").status_code == 404


def test_a_draft_is_not_shown_to_the_partner(
    case: Case, investigator_littoral: User, mtn_responder: User
) -> None:
    requisition = draft(case, investigator_littoral)
    client = personas.signed_in_client(mtn_responder)
    assert client.get(_page(requisition)).status_code == 404
    assert not desk_list(user=mtn_responder).exists()


def test_the_desk_lists_only_the_responders_organisation_urgent_first(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User
) -> None:
    normal = workflow.requisition_approve(
        actor=supervisor_police, requisition=draft(case, investigator_littoral)
    )
    urgent = workflow.requisition_approve(
        actor=supervisor_police, requisition=draft(case, investigator_littoral, urgency="urgent")
    )
    workflow.requisition_approve(
        actor=supervisor_police, requisition=draft(case, investigator_littoral, addressee="orange")
    )
    assert list(desk_list(user=mtn_responder)) == [urgent, normal]


def test_people_who_are_not_responders_have_no_desk(
    sent: Requisition, investigator_littoral: User
) -> None:
    assert not desk_list(user=investigator_littoral).exists()
    client = personas.signed_in_client(investigator_littoral)
    assert client.get("/en/staff/desk/").status_code == 404


def test_the_overdue_list_is_the_supervisors_and_holds_what_is_late(
    sent: Requisition, supervisor_police: User, investigator_littoral: User
) -> None:
    assert not overdue_list(user=supervisor_police).exists()
    Requisition.objects.filter(pk=sent.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    assert list(overdue_list(user=supervisor_police)) == [sent]
    assert not access.requisitions_visible_to(personas.persona("gendarme_north")).exists()
    client = personas.signed_in_client(investigator_littoral)
    assert client.get("/en/staff/requisitions/overdue/").status_code == 404
    page = personas.signed_in_client(supervisor_police).get("/en/staff/requisitions/overdue/")
    assert sent.reference in page.content.decode()
