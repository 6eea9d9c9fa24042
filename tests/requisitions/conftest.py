"""A Littoral case naming a phone number, and helpers to draft and send requisitions on it.

Messages are read in English unless a test switches language itself."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from tests.factories import report_draft
from tests.personas import PASSWORD
from vigilance.accounts.models import Organisation, Role, Unit, User
from vigilance.accounts.services import user_create_staff
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.signing import create_development_certificate
from vigilance.intake import services, staff
from vigilance.intake.models import Report
from vigilance.intake.services import IdentifierInput, LossInput
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


# Wallet freezes proposed from a report: MTN Mobile Money's fraud desk, and a supervisor of the
# coordination centre who approves a large loss's freeze before triage.


def staff_member(username: str, unit_code: str, roles: str | list[str]) -> User:
    """A person of the seeded directory who is none of the shared personas (a responder of an
    issuer, a supervisor elsewhere, a role in the wrong organisation), signed in through
    ``personas.signed_in_client``."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    unit = Unit.objects.select_related("organisation").get(code=unit_code)
    user = user_create_staff(
        username=username,
        email=f"{username}@example.cm",
        password=PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit = unit.organisation, unit
    user.roles = [roles] if isinstance(roles, str) else roles
    user.save()
    return user


@pytest.fixture
def momo_responder(db: None) -> User:
    return staff_member("momo_responder", "mtn-momo-fraud", [Role.PARTNER_RESPONDER])


@pytest.fixture
def centre_supervisor(db: None) -> User:
    return staff_member("centre_supervisor", "coord-supervision", [Role.SUPERVISOR])


def momo_sms(*, amount: int = 50_000, hours_ago: float = 1, wallet: str = "237677889900") -> str:
    """An MTN MoMo confirmation of money sent, as the victim pastes it."""
    at = timezone.localtime(
        timezone.now() - dt.timedelta(hours=hours_ago), ZoneInfo("Africa/Douala")
    )
    return (
        f"Vous avez transfere {amount} FCFA a JEAN MBALLA ({wallet}) le "
        f"{at:%Y-%m-%d %H:%M:%S}. Frais 250 FCFA. Nouveau solde: 1200 FCFA. "
        "Financial Transaction Id: 7364519283."
    )


def fraud_report(
    *,
    amount: int = 50_000,
    receipt: str | None = None,
    category: str = "mobile_money_fraud",
    channel: str = "mtn_momo",
    identifiers: list[IdentifierInput] | None = None,
) -> Report:
    """A mobile-money fraud reported in the Littoral, with the payment SMS pasted."""
    draft = report_draft(
        category=category,
        region="LT",
        identifiers=identifiers or [],
        loss=LossInput(
            amount=Decimal(amount),
            channel=channel,
            receipt=momo_sms(amount=amount) if receipt is None else receipt,
        ),
    )
    return services.report_submit(draft=draft, channel="web").report


@pytest.fixture
def platform_certificate(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The platform signs requisitions with a certificate made for the test."""
    path = tmp_path_factory.getbasetemp() / "requisitions-platform.p12"
    if not path.exists():
        create_development_certificate(path=path, passphrase=PASSPHRASE)
    settings.SIGNING_CERTIFICATE = path
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    return path


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
