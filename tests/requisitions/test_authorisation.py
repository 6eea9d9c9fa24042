"""The magistrate's authorisation: a requisition citing a basis the law reserves to a
magistrate never leaves on a supervisor's approval alone. A magistrate of the prosecutor's
office authorises it from their queue (reading what is asked and the grounds, never the case),
or a supervisor records the paper authorisation with its scan; the drafter does neither."""

import pytest
from django.test import Client

from tests import personas
from tests.intake.test_receipts import PNG
from tests.requisitions.conftest import draft, draft_for_magistrate, staff_member
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.evidence.services import IncomingFile
from vigilance.requisitions import access
from vigilance.requisitions.models import (
    LegalBasis,
    MagistrateAuthorisation,
    Requisition,
    RequisitionKind,
    RequisitionStatus,
)
from vigilance.requisitions.services import authorisation, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(case: Case, investigator_littoral: User) -> Requisition:
    return draft_for_magistrate(case, investigator_littoral)


def _detail(requisition: Requisition) -> str:
    return f"/en/staff/requisitions/{requisition.public_id}/"


def test_a_basis_reserved_to_a_magistrate_needs_written_grounds(
    case: Case, investigator_littoral: User
) -> None:
    with pytest.raises(InvalidAction) as refused:
        workflow.requisition_draft(
            actor=investigator_littoral,
            case=case,
            addressee=Organisation.objects.get(code="mtn"),
            kind=RequisitionKind.CALL_RECORDS,
            identifiers=[("phone", "+237677123456")],
            legal_basis=LegalBasis.objects.get(code="ccp-magistrate"),
            grounds="   ",
        )
    assert "grounds" in refused.value.fields
    assert not Requisition.objects.exists()


def test_a_supervisor_alone_cannot_send_it(waiting: Requisition, supervisor_police: User) -> None:
    assert not access.may_approve(supervisor_police, waiting)
    with pytest.raises(InvalidAction, match="magistrate"):
        workflow.requisition_approve(actor=supervisor_police, requisition=waiting)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.approved_by_id, waiting.sent_at) == ("draft", None, None)

    response = personas.signed_in_client(supervisor_police).post(f"{_detail(waiting)}approve/")
    assert response.status_code == 409
    assert "magistrate" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == RequisitionStatus.DRAFT


def test_the_magistrate_authorises_from_the_queue_then_the_supervisor_sends(
    waiting: Requisition, magistrate: User, supervisor_police: User
) -> None:
    client = personas.signed_in_client(magistrate)
    queue = client.get("/en/staff/requisitions/authorisations/")
    assert queue.status_code == 200
    assert waiting.reference in queue.content.decode()

    page = client.get(_detail(waiting)).content.decode()
    assert "450,000 FCFA from three victims" in page  # the grounds
    assert waiting.case.number not in page  # never the case

    assert client.post(f"{_detail(waiting)}authorise/").status_code == 302
    record = MagistrateAuthorisation.objects.get(requisition=waiting)
    assert record.authorised_by_id == magistrate.pk
    assert "Mfoundi" in record.magistrate
    assert (
        AuditEvent.objects.get(
            action="requisition.authorisation_recorded", object_id=waiting.reference
        ).actor_id
        == magistrate.pk
    )
    assert (
        waiting.reference
        not in client.get("/en/staff/requisitions/authorisations/").content.decode()
    )

    sent = workflow.requisition_approve(actor=supervisor_police, requisition=waiting)
    assert sent.status == RequisitionStatus.SENT
    detail = personas.signed_in_client(supervisor_police).get(_detail(waiting)).content.decode()
    assert "Given on the platform by the magistrate" in detail
    assert "authorised" in list(sent.events.values_list("kind", flat=True))


def test_a_magistrate_cannot_read_the_case(waiting: Requisition, magistrate: User) -> None:
    with pytest.raises(NotFound):
        case_access.case_get_for_user(user=magistrate, case_id=str(waiting.case.public_id))
    client = personas.signed_in_client(magistrate)
    assert client.get(f"/en/staff/cases/{waiting.case.public_id}/").status_code == 404
    assert client.get(f"/en/staff/cases/{waiting.case.public_id}/requisitions/").status_code == 404


def test_a_magistrate_sees_no_requisition_the_law_leaves_to_the_police(
    case: Case, investigator_littoral: User, magistrate: User
) -> None:
    ordinary = draft(case, investigator_littoral)
    assert personas.signed_in_client(magistrate).get(_detail(ordinary)).status_code == 404
    with pytest.raises(InvalidAction):
        authorisation.requisition_authorise(actor=magistrate, requisition=ordinary)


def test_the_magistrate_role_outside_the_judiciary_authorises_nothing(
    waiting: Requisition,
) -> None:
    impostor = staff_member("not-a-judge", "dgsn-cyber-lt", "magistrate")
    assert not access.is_magistrate(impostor)
    client = personas.signed_in_client(impostor)
    assert client.get("/en/staff/requisitions/authorisations/").status_code == 404
    assert client.get(_detail(waiting)).status_code == 404
    with pytest.raises(NotAllowed):
        authorisation.requisition_authorise(actor=impostor, requisition=waiting)
    assert not MagistrateAuthorisation.objects.exists()


def test_the_drafter_never_authorises_their_own(
    waiting: Requisition, investigator_littoral: User
) -> None:
    with pytest.raises(NotAllowed):
        authorisation.requisition_authorise(actor=investigator_littoral, requisition=waiting)
    with pytest.raises(NotAllowed):
        authorisation.requisition_record_authorisation(
            actor=investigator_littoral,
            requisition=waiting,
            magistrate="Procureur X",
            number="42/PR",
            issued_on=waiting.created_at.date(),
            document=_scan(),
        )
    assert not MagistrateAuthorisation.objects.exists()


def _scan() -> IncomingFile:
    return IncomingFile(name="authorisation.png", content=PNG)


def _paper(client: Client, requisition: Requisition, **changes: object) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = {
        "authorisation-magistrate": "Procureur de la République près le TGI du Wouri",
        "authorisation-number": "0042/PR/TGI-W",
        "authorisation-issued_on": requisition.created_at.date().isoformat(),
        "authorisation-document": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        **changes,
    }
    return client.post(f"{_detail(requisition)}record-authorisation/", form).status_code


def test_a_supervisor_records_a_paper_authorisation_with_its_scan(
    waiting: Requisition, supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    assert _paper(client, waiting) == 302
    record = MagistrateAuthorisation.objects.select_related("document").get(requisition=waiting)
    assert record.number == "0042/PR/TGI-W"
    assert record.authorised_by_id is None
    assert record.document is not None
    assert record.document.size == len(PNG)
    page = client.get(_detail(waiting)).content.decode()
    assert "0042/PR/TGI-W" in page
    assert record.document.sha256 in page
    assert (
        workflow.requisition_approve(actor=supervisor_police, requisition=waiting).status == "sent"
    )


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"authorisation-number": ""}, 400),
        ({"authorisation-issued_on": "31/02/2026"}, 400),
        ({"authorisation-issued_on": "2999-01-01"}, 409),
    ],
)
def test_a_paper_authorisation_with_bad_input_is_refused_and_nothing_is_kept(
    waiting: Requisition, supervisor_police: User, changes: dict[str, object], status: int
) -> None:
    client = personas.signed_in_client(supervisor_police)
    assert _paper(client, waiting, **changes) == status
    assert not MagistrateAuthorisation.objects.exists()


def test_a_scan_of_a_refused_type_is_refused_in_the_persons_language(
    waiting: Requisition, supervisor_police: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    supervisor_police.language = "fr"
    supervisor_police.save(update_fields=["language"])
    client = personas.signed_in_client(supervisor_police)
    bad = SimpleUploadedFile(
        "scan.exe", b"MZ\x90\x00binary", content_type="application/x-msdownload"
    )
    form = {
        "authorisation-magistrate": "Procureur",
        "authorisation-number": "1",
        "authorisation-issued_on": waiting.created_at.date().isoformat(),
        "authorisation-document": bad,
    }
    response = client.post(
        f"/fr/staff/requisitions/{waiting.public_id}/record-authorisation/", form
    )
    assert response.status_code == 400
    assert "fichier" in response.content.decode().lower()
    assert not MagistrateAuthorisation.objects.exists()


def test_a_magistrate_sees_only_what_waits_and_what_they_authorised(
    case: Case, investigator_littoral: User, supervisor_police: User, magistrate: User
) -> None:
    recorded = draft_for_magistrate(case, investigator_littoral)
    authorisation.requisition_record_authorisation(
        actor=supervisor_police,
        requisition=recorded,
        magistrate="Procureur du Wouri",
        number="7/PR",
        issued_on=recorded.created_at.date(),
        document=_scan(),
    )
    workflow.requisition_approve(actor=supervisor_police, requisition=recorded)
    own = draft_for_magistrate(case, investigator_littoral)
    authorisation.requisition_authorise(actor=magistrate, requisition=own)
    workflow.requisition_approve(actor=supervisor_police, requisition=own)

    assert set(access.requisitions_visible_to(magistrate)) == {own}
    assert personas.signed_in_client(magistrate).get(_detail(recorded)).status_code == 404
