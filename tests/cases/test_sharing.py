"""Need-to-know on a case of the Littoral: who sees it, and how a share opens and closes access."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseShare
from vigilance.cases.services import lifecycle, work
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


def _routed_report(triage_officer: User, unit: str = "dgsn-cyber-lt", **changes: object) -> Report:
    report = services.report_submit(draft=report_draft(**changes), channel="web").report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    return lifecycle.case_open(report=_routed_report(triage_officer), actor=investigator_littoral)


def _page_status(user: User, case: Case) -> int:
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    return personas.signed_in_client(user).get(url).status_code


def _api_status(user: User, case: Case) -> int:
    return personas.signed_in_client(user).get(f"/api/v1/cases/{case.public_id}").status_code


def _listed(user: User, case: Case) -> bool:
    answer = personas.signed_in_client(user).get("/api/v1/cases").json()
    return case.number in [item["number"] for item in answer["items"]]


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("investigator_littoral", True),
        ("supervisor_police", True),
        ("triage_officer", True),
        ("investigator_centre", False),
        ("gendarme_north", False),
    ],
)
def test_who_sees_a_case_of_the_littoral(case: Case, persona: str, sees: bool) -> None:
    user = personas.persona(persona)
    expected = 200 if sees else 404
    assert _page_status(user, case) == expected
    assert _api_status(user, case) == expected
    assert _listed(user, case) is sees


def test_a_partner_responder_gets_404_on_the_case_page_and_api(
    case: Case, mtn_responder: User
) -> None:
    assert _page_status(mtn_responder, case) == 404
    assert _api_status(mtn_responder, case) == 404


def test_outside_need_to_know_attach_and_link_by_number_are_not_found(
    case: Case, triage_officer: User, investigator_centre: User
) -> None:
    centre_case = lifecycle.case_open(
        report=_routed_report(triage_officer, unit="dgsn-cyber-ce", region="CE"),
        actor=investigator_centre,
    )
    client = personas.signed_in_client(investigator_centre)
    linked = client.post(
        f"/api/v1/cases/{centre_case.public_id}/links",
        {"number": case.number, "reason": "same wave"},
        content_type="application/json",
    )
    assert linked.status_code == 404
    attached = client.post(
        f"/api/v1/cases/{centre_case.public_id}/reports",
        {"reference": _routed_report(triage_officer).reference},
        content_type="application/json",
    )
    assert attached.status_code == 404
    with translation.override("en"):  # the API calls above left French active in this thread
        link_url = reverse(
            "cases:case_action", kwargs={"case_id": centre_case.public_id, "action": "link"}
        )
    page = client.post(
        link_url,
        {"link-number": case.number, "link-reason": "same wave"},
    )
    assert page.status_code == 400
    assert "No case you can see has this number." in page.content.decode()


def test_a_share_to_a_unit_gives_access_until_revoked(
    case: Case, investigator_littoral: User, investigator_centre: User
) -> None:
    share = work.case_share_add(
        case=case,
        unit=Unit.objects.get(code="dgsn-cyber-ce"),
        reason="The suspect lives in Yaoundé",
        expires_at=timezone.now() + dt.timedelta(days=10),
        actor=investigator_littoral,
    )
    assert _page_status(investigator_centre, case) == 200
    assert _api_status(investigator_centre, case) == 200
    assert _listed(investigator_centre, case)

    revoked = personas.signed_in_client(investigator_littoral).delete(
        f"/api/v1/cases/{case.public_id}/shares/{share.pk}"
    )
    assert revoked.status_code == 200
    assert _page_status(investigator_centre, case) == 404
    assert not _listed(investigator_centre, case)


def test_an_expired_share_gives_no_access(
    case: Case, investigator_littoral: User, investigator_centre: User
) -> None:
    share = work.case_share_add(
        case=case,
        unit=Unit.objects.get(code="dgsn-cyber-ce"),
        reason="Joint operation",
        expires_at=timezone.now() + dt.timedelta(days=1),
        actor=investigator_littoral,
    )
    assert _api_status(investigator_centre, case) == 200
    CaseShare.objects.filter(pk=share.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    assert _api_status(investigator_centre, case) == 404
    assert _page_status(investigator_centre, case) == 404


def test_a_share_to_one_person_through_the_page(
    case: Case, investigator_littoral: User, gendarme_north: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    url = reverse("cases:case_action", kwargs={"case_id": case.public_id, "action": "share"})
    expires_on = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    answer = client.post(
        url,
        {
            "share-person": gendarme_north.username,
            "share-reason": "Suspect arrested in Garoua",
            "share-expires_on": expires_on,
        },
    )
    assert answer.status_code == 302
    assert _page_status(gendarme_north, case) == 200

    refused = client.post(
        url,
        {
            "share-recipient": "unit:dgsn-cyber-ce",
            "share-reason": "x",
            "share-expires_on": (timezone.localdate() + dt.timedelta(days=400)).isoformat(),
        },
    )
    assert refused.status_code == 409
    assert "180" in refused.content.decode()
