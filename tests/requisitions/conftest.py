"""A Littoral case naming a phone number, and helpers to draft and send requisitions on it.

Messages are read in English unless a test switches language itself."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.factories import report_draft
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.requisitions.models import LegalBasis, Requisition, RequisitionKind
from vigilance.requisitions.services import workflow

PHONE = ("phone", "+237677123456")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(draft=report_draft(region="LT"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def draft(
    case: Case, actor: User, *, addressee: str = "mtn", urgency: str = "normal"
) -> Requisition:
    return workflow.requisition_draft(
        actor=actor,
        case=case,
        addressee=Organisation.objects.get(code=addressee),
        kind=RequisitionKind.SUBSCRIBER_IDENTITY,
        identifiers=[PHONE],
        legal_basis=LegalBasis.objects.get(code="law-2010-012-art-25"),
        urgency=urgency,
    )


@pytest.fixture
def sent(case: Case, investigator_littoral: User, supervisor_police: User) -> Requisition:
    """A requisition to MTN on the Littoral case, drafted and approved: waiting for MTN."""
    requisition = draft(case, investigator_littoral)
    return workflow.requisition_approve(actor=supervisor_police, requisition=requisition)


def staff_member(username: str, unit_code: str, role: str) -> User:
    """A person of the seeded directory who is none of the shared personas (a supervisor
    elsewhere, a role in the wrong organisation), signed in through
    ``personas.signed_in_client``."""
    from tests.personas import PASSWORD
    from vigilance.accounts import services as account_services

    unit = Unit.objects.select_related("organisation").get(code=unit_code)
    user = account_services.user_create_staff(
        username=username,
        email=f"{username}@example.cm",
        password=PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit, user.roles = unit.organisation, unit, [role]
    user.save()
    return user


def draft_for_magistrate(case: Case, actor: User) -> Requisition:
    """A requisition to MTN citing a basis the law reserves to a magistrate."""
    return workflow.requisition_draft(
        actor=actor,
        case=case,
        addressee=Organisation.objects.get(code="mtn"),
        kind=RequisitionKind.CALL_RECORDS,
        identifiers=[PHONE],
        legal_basis=LegalBasis.objects.get(code="ccp-magistrate"),
        grounds="The number took 450,000 FCFA from three victims in Douala.",
    )
