"""Demonstration requisitions and wallet freezes on ``seed_workspace``'s cases, so that every
partner desk and every case page of the demonstration has something to show.

The partner responders (two operators, the two mobile-money issuers and a bank) are made here
if missing; ``accounts``' demo_logins sets their passwords and prints them. Requisitions in every
state (a draft, sent, urgent, acknowledged, answered with a file, refused, overdue) and freezes
in every state go through the services, so the audit trail tells what a real day would. One
victim's report, filed here so that its tracking code can be printed, carries a money trail of
three layers: 250 000 FCFA sent to an MTN MoMo wallet (70 000 held there), 180 000 moved on to an
Orange Money wallet, then to an Afriland First Bank account where 150 000 are held.
Deterministic; does nothing once requisitions or freezes exist.
"""

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from vigilance.accounts.models import Organisation, Role, Unit, User
from vigilance.accounts.services import user_create_staff
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services as intake
from vigilance.intake import staff as report_staff
from vigilance.requisitions.models import (
    FreezeRequest,
    FreezeStatus,
    LegalBasis,
    Requisition,
    RequisitionKind,
    Urgency,
)
from vigilance.requisitions.services import freezes, workflow

DEMO_REPORTS_FILE = "demo-reports.json"
LEGAL_BASIS = "law-2010-012-art-25"
TRAIL_UNIT = "dgsn-cyber-lt"


@dataclass(frozen=True)
class DemoResponder:
    username: str
    unit: str
    first_name: str
    last_name: str


# The same people as ``accounts``' demo_logins, which later sets their passwords and prints them.
RESPONDERS = (
    DemoResponder("mtn", "mtn-lawful", "Aïcha", "Moussa"),
    DemoResponder("orange", "orange-lawful", "Carine", "Tchuente"),
    DemoResponder("mtn.momo", "mtn-momo-fraud", "Ibrahim", "Oumarou"),
    DemoResponder("orange.money", "orange-money-fraud", "Sandrine", "Njoya"),
    DemoResponder("afriland", "afriland-compliance", "Martin", "Kamga"),
)

# The victim's wallet, the scammer's number and the three accounts of the money trail.
VICTIM_WALLET = "+237651234567"
SCAMMER_PHONE = "+237677554433"
WALLET_A = "+237677554433"  # MTN MoMo
WALLET_B = "+237699112233"  # Orange Money
ACCOUNT_C = "10005 00021 04512367801 84"  # Afriland First Bank (RIB)
LOST, HELD_A, MOVED_TO_B, HELD_C = 250_000, 70_000, 180_000, 150_000

# (addressee, kind, urgency, what becomes of it)
REQUISITIONS = (
    ("mtn", RequisitionKind.SUBSCRIBER_IDENTITY, Urgency.NORMAL, "answered"),
    ("mtn", RequisitionKind.CALL_RECORDS, Urgency.NORMAL, "acknowledged"),
    ("mtn", RequisitionKind.SUBSCRIBER_IDENTITY, Urgency.URGENT, "sent"),
    ("mtn", RequisitionKind.CONNECTION_LOGS, Urgency.NORMAL, "overdue"),
    ("mtn", RequisitionKind.PRESERVATION, Urgency.NORMAL, "draft"),
    ("orange", RequisitionKind.SUBSCRIBER_IDENTITY, Urgency.NORMAL, "refused"),
    ("orange", RequisitionKind.CALL_RECORDS, Urgency.NORMAL, "sent"),
    ("mtn_momo", RequisitionKind.MOBILE_MONEY_HISTORY, Urgency.URGENT, "sent"),
    ("orange_money", RequisitionKind.MOBILE_MONEY_HISTORY, Urgency.NORMAL, "answered"),
    ("afriland", RequisitionKind.PRESERVATION, Urgency.NORMAL, "sent"),
)
ANSWER_TEXT = (
    "Titulaire de la ligne : Serge Mballa, né le 12/03/1994 à Douala, CNI n° 112233445. "
    "Carte SIM enregistrée le 04/01/2024 à l'agence MTN d'Akwa. Autre ligne au même nom ci-jointe."
)
ANSWER_FILE = IncomingFile(
    name="fiche-abonne.txt",
    content=(
        "Fiche d'abonné (démonstration)\n"
        "Numéro : +237 677 55 44 33\nTitulaire : Serge Mballa\n"
        "Pièce : CNI 112233445\nAutre ligne : +237 677 98 76 54\n"
    ).encode(),
)
ANSWER_ITEMS = (("phone", "+237677987654"),)
REFUSAL = (
    "La période demandée dépasse la durée de conservation de nos journaux : "
    "précisez une période de moins de douze mois."
)
AUTHORITY = "Procureur de la République près le TGI du Wouri"


@dataclass(frozen=True)
class DemoTrail:
    reference: str
    tracking_code: str
    requisitions: int
    freezes: int


def _responder(spec: DemoResponder) -> User:
    """The demo responder, made (with a random password, reset later by demo_logins) if missing."""
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = user_create_staff(
            username=spec.username,
            email=f"{spec.username}@vigilance.example",
            password=secrets.token_urlsafe(24),
            first_name=spec.first_name,
            last_name=spec.last_name,
            must_enrol_authenticator=False,
        ).user
    unit = Unit.objects.select_related("organisation").get(code=spec.unit)
    user.organisation, user.unit = unit.organisation, unit
    user.roles = [str(Role.PARTNER_RESPONDER)]
    user.must_enrol_authenticator = False
    user.save(update_fields=["organisation", "unit", "roles", "must_enrol_authenticator"])
    return user


def _by_organisation(responders: dict[str, User]) -> dict[str, User]:
    return {user.organisation.code: user for user in responders.values() if user.organisation}


def _trail_case(triage: User, investigator: User) -> tuple[Case, intake.SubmittedReport]:
    """The victim's mobile-money fraud, routed to the Littoral and opened as a case."""
    filed = intake.report_submit(
        draft=intake.ReportDraft(
            category="mobile_money_fraud",
            description=(
                "Un homme se présentant comme agent MTN m'a appelée au sujet d'un prétendu "
                "remboursement. J'ai validé un retrait de 250 000 FCFA depuis mon compte MoMo."
            ),
            incident_date=timezone.localdate() - dt.timedelta(days=1),
            region="LT",
            reporter=intake.ReporterInput(
                name="Florence Ngono", email="florence.ngono@vigilance.example"
            ),
            identifiers=[
                intake.IdentifierInput(type="phone", value=SCAMMER_PHONE),
                intake.IdentifierInput(type="momo_account", value=WALLET_A),
            ],
            loss=intake.LossInput(amount=Decimal(LOST), channel="mtn_momo"),
            language="fr",
            consent=True,
        ),
        channel="web",
    )
    report_staff.report_route(
        report=filed.report, unit=Unit.objects.get(code=TRAIL_UNIT), actor=triage
    )
    case = lifecycle.case_open(
        report=filed.report, actor=investigator, title="Faux agent MTN — retrait MoMo"
    )
    lifecycle.case_transition(case=case, status=CaseStatus.INVESTIGATING, actor=investigator)
    return case, filed


def _phones(case: Case) -> list[tuple[str, str]]:
    return [pair for pair in workflow.case_identifiers(case) if pair[0] == "phone"][:1]


def _worked_cases(trail: Case) -> list[tuple[Case, User]]:
    """The trail's case first, then the demo investigators' open cases that name a phone."""
    cases = [trail]
    cases += (
        Case.objects.filter(
            lead__username__in=("investigator.littoral", "investigator.centre"),
            status__in=(CaseStatus.OPEN, CaseStatus.INVESTIGATING),
        )
        .exclude(pk=trail.pk)
        .select_related("lead", "owning_unit")
        .order_by("pk")
    )
    chosen = [(case, case.lead) for case in cases if case.lead is not None and _phones(case)]
    return chosen


def _requisitions(
    cases: list[tuple[Case, User]], supervisor: User, responders: dict[str, User]
) -> int:
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=_addressees())}
    legal_basis = LegalBasis.objects.get(code=LEGAL_BASIS)
    by_code = _by_organisation(responders)
    for index, (addressee, kind, urgency, fate) in enumerate(REQUISITIONS):
        case, lead = cases[index % len(cases)]
        requisition = workflow.requisition_draft(
            actor=lead,
            case=case,
            addressee=organisations[addressee],
            kind=kind,
            identifiers=_phones(case),
            legal_basis=legal_basis,
            urgency=urgency,
        )
        if fate == "draft":
            continue
        requisition = workflow.requisition_approve(actor=supervisor, requisition=requisition)
        responder = by_code[addressee]
        if fate == "acknowledged":
            workflow.requisition_acknowledge(actor=responder, requisition=requisition)
        elif fate == "answered":
            workflow.requisition_acknowledge(actor=responder, requisition=requisition)
            workflow.requisition_answer(
                actor=responder,
                requisition=requisition,
                text=ANSWER_TEXT,
                files=[ANSWER_FILE],
                items=ANSWER_ITEMS,
            )
        elif fate == "refused":
            workflow.requisition_refuse(actor=responder, requisition=requisition, reason=REFUSAL)
        elif fate == "overdue":
            # Sent a week ago and forgotten: its deadline passed two days ago.
            now = timezone.now()
            Requisition.objects.filter(pk=requisition.pk).update(
                sent_at=now - dt.timedelta(days=7), deadline=now - dt.timedelta(days=2)
            )
    return len(REQUISITIONS)


def _addressees() -> set[str]:
    return {addressee for addressee, *_rest in REQUISITIONS}


def _money_trail(case: Case, lead: User, responders: dict[str, User]) -> None:
    """Wallet A holds part of the money; the rest went on to wallet B, then to account C."""
    issuers = {o.code: o for o in Organisation.objects.filter(code__in=_issuers())}
    first = freezes.freeze_request_create(
        actor=lead,
        case=case,
        issuer=issuers["mtn_momo"],
        account=WALLET_A,
        sender_account=VICTIM_WALLET,
        transaction_reference="MP261206.1432.C58310",
        amount_asked=LOST,
    )
    freezes.freeze_answer(
        actor=responders["mtn.momo"], freeze=first, outcome=FreezeStatus.HELD, amount=HELD_A
    )
    # What left wallet A before the hold, followed by the investigator from MTN MoMo's answer.
    second = freezes.freeze_request_create(
        actor=lead,
        case=case,
        issuer=issuers["orange_money"],
        account=WALLET_B,
        sender_account=WALLET_A,
        amount_asked=MOVED_TO_B,
    )
    FreezeRequest.objects.filter(pk=second.pk).update(parent=first)
    freezes.freeze_answer(
        actor=responders["orange.money"],
        freeze=second,
        outcome=FreezeStatus.MOVED_ON,
        amount=MOVED_TO_B,
        next_issuer=issuers["afriland"],
        next_account=ACCOUNT_C,
        next_account_type="bank_account",
    )
    third = FreezeRequest.objects.get(parent=second)
    freezes.freeze_answer(
        actor=responders["afriland"], freeze=third, outcome=FreezeStatus.HELD, amount=HELD_C
    )


def _issuers() -> tuple[str, ...]:
    return ("mtn_momo", "orange_money", "afriland")


# Freezes on other cases, one in each remaining state: (issuer, account, amount, outcome).
OTHER_FREEZES = (
    ("mtn_momo", "+237670112233", 45_000, FreezeStatus.SENT),
    ("orange_money", "+237655667788", 2_500_000, FreezeStatus.AWAITING_APPROVAL),
    ("orange_money", "+237699887766", 60_000, FreezeStatus.INSUFFICIENT_FUNDS),
    ("mtn_momo", "+237678901234", 35_000, FreezeStatus.ALREADY_WITHDRAWN),
    ("mtn_momo", "+237671234598", 90_000, FreezeStatus.RELEASED),
    ("orange_money", "+237696543210", 120_000, FreezeStatus.RETURNED),
)


def _other_freezes(cases: list[tuple[Case, User]], responders: dict[str, User]) -> int:
    issuers = {o.code: o for o in Organisation.objects.filter(code__in=_issuers())}
    by_code = _by_organisation(responders)
    for index, (issuer, account, amount, outcome) in enumerate(OTHER_FREEZES):
        case, lead = cases[(index + 1) % len(cases)]
        freeze = freezes.freeze_request_create(
            actor=lead, case=case, issuer=issuers[issuer], account=account, amount_asked=amount
        )
        if outcome in (FreezeStatus.SENT, FreezeStatus.AWAITING_APPROVAL):
            continue
        answer = (
            FreezeStatus.HELD
            if outcome in (FreezeStatus.RELEASED, FreezeStatus.RETURNED)
            else outcome
        )
        freezes.freeze_answer(
            actor=by_code[issuer],
            freeze=freeze,
            outcome=answer,
            amount=amount if answer == FreezeStatus.HELD else None,
        )
        if outcome == FreezeStatus.RELEASED:
            freezes.freeze_release(actor=lead, freeze=freeze, authority=AUTHORITY)
        elif outcome == FreezeStatus.RETURNED:
            freezes.freeze_return(actor=lead, freeze=freeze, authority=AUTHORITY)
    return len(OTHER_FREEZES)


def _remember(var_dir: Path, filed: intake.SubmittedReport) -> None:
    """Add the trail's report to the reports demo_logins prints, to try the follow page."""
    path = var_dir / DEMO_REPORTS_FILE
    try:
        shown = json.loads(path.read_text())
    except (OSError, ValueError):
        shown = []
    shown = [item for item in shown if isinstance(item, dict)] if isinstance(shown, list) else []
    shown.append({"reference": filed.report.reference, "tracking_code": filed.tracking_code})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(shown, indent=2))
    path.chmod(0o600)


def requisitions_demo_create(*, var_dir: Path) -> DemoTrail | None:
    """Seed the partners' desks and the money trail; None when requisitions or freezes exist."""
    if Requisition.objects.exists() or FreezeRequest.objects.exists():
        return None
    with transaction.atomic():
        responders = {spec.username: _responder(spec) for spec in RESPONDERS}
        triage = User.objects.get(username="triage")
        supervisor = User.objects.get(username="supervisor")
        investigator = User.objects.get(username="investigator.littoral")
        trail, filed = _trail_case(triage, investigator)
        cases = _worked_cases(trail)
        count = _requisitions(cases, supervisor, responders)
        _money_trail(trail, investigator, responders)
        others = _other_freezes(cases, responders)
    _remember(var_dir, filed)
    return DemoTrail(
        reference=filed.report.reference,
        tracking_code=filed.tracking_code,
        requisitions=count,
        freezes=3 + others,
    )
