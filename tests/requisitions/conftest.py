"""A Littoral case naming a phone number, and helpers to draft and send requisitions on it.

Messages are read in English unless a test switches language itself."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tests.factories import report_draft
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.signing import create_development_certificate
from vigilance.intake import services, staff
from vigilance.requisitions.models import LegalBasis, Requisition, RequisitionKind
from vigilance.requisitions.services import workflow

PHONE = ("phone", "+237677123456")
PASSPHRASE = "test-passphrase-for-requisitions"


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


@pytest.fixture
def platform_certificate(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The platform signs requisitions with a certificate made for the test."""
    path = tmp_path_factory.getbasetemp() / "requisitions-platform.p12"
    if not path.exists():
        create_development_certificate(path=path, passphrase=PASSPHRASE)
    settings.SIGNING_CERTIFICATE = path
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    return path
