"""A case's TLP marking bounds its shares: AMBER+STRICT stays in the owning organisation, RED with
named units or people of it; narrowing the marking or moving the case revokes what no longer fits.

The Centre's police investigators own the case (organisation ``dgsn``); the Littoral's
investigator is of the same organisation, the northern gendarme and the CIRT analyst are not.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from tests import personas
from tests.factories import report_draft
from tests.intake.test_receipts import pdf_text, squeezed
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.export import case_file_pdf
from vigilance.cases.models import Case, CaseEvent, CaseShare
from vigilance.cases.services import lifecycle, work
from vigilance.core.errors import InvalidAction
from vigilance.core.signing import create_development_certificate
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db
PASSPHRASE = "tlp of cases"


@pytest.fixture(autouse=True)
def _signing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    create_development_certificate(path=settings.SIGNING_CERTIFICATE, passphrase=PASSPHRASE)


def _case(triage_officer: User, owner: User, tlp: str) -> Case:
    report = services.report_submit(draft=report_draft(region="CE"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-ce"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=owner, tlp=tlp)


def _share(case: Case, actor: User, **recipient: object) -> CaseShare:
    return work.case_share_add(
        case=case,
        reason="Need to know",
        expires_at=timezone.now() + dt.timedelta(days=10),
        actor=actor,
        may_export_case_file=True,
        **recipient,  # type: ignore[arg-type]
    )


def _page(user: User, case: Case) -> int:
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    return personas.signed_in_client(user).get(url).status_code


def test_an_amber_strict_case_is_shared_only_within_the_owning_organisation(
    triage_officer: User,
    investigator_centre: User,
    investigator_littoral: User,
    gendarme_north: User,
) -> None:
    case = _case(triage_officer, investigator_centre, "amber_strict")
    refusals = (
        {"user": gendarme_north},
        {"unit": Unit.objects.get(code="antic-cirt")},
        {"organisation": Organisation.objects.get(code="sed")},
    )
    for recipient in refusals:
        with pytest.raises(InvalidAction) as refused:
            _share(case, investigator_centre, **recipient)
        assert "recipient" in refused.value.fields
        assert "TLP:AMBER+STRICT" in refused.value.message
    assert not CaseShare.objects.filter(case=case).exists()
    assert _page(gendarme_north, case) == 404

    _share(case, investigator_centre, user=investigator_littoral)
    _share(case, investigator_centre, organisation=Organisation.objects.get(code="dgsn"))
    assert _page(investigator_littoral, case) == 200


def test_a_red_case_is_shared_only_with_named_units_or_people_of_the_owning_organisation(
    triage_officer: User, investigator_centre: User, investigator_littoral: User
) -> None:
    case = _case(triage_officer, investigator_centre, "red")
    with pytest.raises(InvalidAction) as refused:
        _share(case, investigator_centre, organisation=Organisation.objects.get(code="dgsn"))
    assert "TLP:RED" in refused.value.message
    with pytest.raises(InvalidAction):
        _share(case, investigator_centre, unit=Unit.objects.get(code="antic-cirt"))
    _share(case, investigator_centre, unit=Unit.objects.get(code="dgsn-cyber-lt"))
    _share(case, investigator_centre, user=investigator_littoral)
    assert CaseShare.objects.filter(case=case).count() == 2


def test_an_amber_case_is_shared_as_before(
    triage_officer: User, investigator_centre: User, gendarme_north: User
) -> None:
    case = _case(triage_officer, investigator_centre, "amber")
    _share(case, investigator_centre, user=gendarme_north)
    _share(case, investigator_centre, organisation=Organisation.objects.get(code="antic"))
    assert _page(gendarme_north, case) == 200


def test_marking_a_case_red_revokes_the_shares_it_no_longer_allows(
    triage_officer: User,
    investigator_centre: User,
    investigator_littoral: User,
    gendarme_north: User,
) -> None:
    case = _case(triage_officer, investigator_centre, "amber")
    outsider = _share(case, investigator_centre, user=gendarme_north)
    colleague = _share(case, investigator_centre, user=investigator_littoral)
    assert _page(gendarme_north, case) == 200

    work.case_priority_set(case=case, priority=3, tlp="red", actor=investigator_centre)

    outsider.refresh_from_db()
    colleague.refresh_from_db()
    assert outsider.revoked_at is not None
    assert colleague.revoked_at is None
    assert _page(gendarme_north, case) == 404
    assert _page(investigator_littoral, case) == 200
    assert case.events.filter(kind=CaseEvent.Kind.SHARE_REVOKED, summary=str(outsider.pk)).exists()
    revoked = AuditEvent.objects.get(action="case.share_revoked", object_id=case.number)
    assert revoked.details == {"share": outsider.pk, "tlp": "red"}


def test_the_former_recipient_of_a_case_now_red_cannot_export_its_file(
    triage_officer: User, investigator_centre: User, gendarme_north: User
) -> None:
    case = _case(triage_officer, investigator_centre, "amber")
    _share(case, investigator_centre, user=gendarme_north)
    export = reverse("cases:case_export", kwargs={"case_id": case.public_id})
    work.case_priority_set(case=case, priority=2, tlp="red", actor=investigator_centre)
    assert personas.signed_in_client(gendarme_north).get(export).status_code == 404
    assert not AuditEvent.objects.filter(action="case.exported").exists()


def test_moving_a_strict_case_to_another_organisation_revokes_the_former_ones_shares(
    triage_officer: User, investigator_centre: User, investigator_littoral: User
) -> None:
    case = _case(triage_officer, investigator_centre, "amber_strict")
    former = _share(case, investigator_centre, user=investigator_littoral)
    supervisor = personas.persona("supervisor_police")
    work.case_unit_set(case=case, unit=Unit.objects.get(code="antic-cirt"), actor=supervisor)
    former.refresh_from_db()
    assert former.revoked_at is not None


def test_the_share_page_refuses_an_outsider_in_the_readers_language(
    triage_officer: User, investigator_centre: User, gendarme_north: User
) -> None:
    case = _case(triage_officer, investigator_centre, "amber_strict")
    with translation.override("fr"):
        url = reverse("cases:case_action", kwargs={"case_id": case.public_id, "action": "share"})
    answer = personas.signed_in_client(investigator_centre).post(
        url,
        {
            "share-person": gendarme_north.username,
            "share-reason": "Suspect arrested in Garoua",
            "share-expires_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert answer.status_code == 409
    assert "TLP:AMBER+STRICT n&#x27;est partagé qu&#x27;au sein" in answer.content.decode()
    assert not CaseShare.objects.filter(case=case).exists()


def test_the_signed_case_file_shows_the_amber_strict_marking(
    triage_officer: User, investigator_centre: User
) -> None:
    case = _case(triage_officer, investigator_centre, "amber_strict")
    text = squeezed(pdf_text(case_file_pdf(case=case, actor=investigator_centre)))
    assert "TLP:AMBER+STRICT" in text


def test_the_api_refuses_a_red_share_to_a_whole_organisation_with_the_rule(
    triage_officer: User, investigator_centre: User
) -> None:
    case = _case(triage_officer, investigator_centre, "red")
    answer = personas.signed_in_client(investigator_centre).post(
        f"/api/v1/cases/{case.public_id}/shares",
        {
            "organisation": "dgsn",
            "reason": "Whole police",
            "expires_at": (timezone.now() + dt.timedelta(days=5)).isoformat(),
        },
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert answer.status_code in (409, 422)
    assert "TLP:RED" in answer.json()["error"]["message"]
    assert not CaseShare.objects.filter(case=case).exists()
