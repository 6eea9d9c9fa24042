"""Freezes the platform proposes from a report, in the golden hour after a mobile-money or bank
fraud: when the report is triaged (or a case opened straight from it), and at its arrival when
the loss is large enough not to wait for triage.

The payment SMS pasted by the victim gives the receiving wallet, the amount, the time and the
transaction id; failing it, the wallet or account the report names as the offender's, and the
loss. The issuer comes from the reference data (``freeze_issuers``). A report proposes one
freeze per receiving account, however often it is triaged or a job retried.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from vigilance.accounts.models import Organisation, User
from vigilance.audit.services import audit_record
from vigilance.cases.models import Case, CaseReport
from vigilance.indicators.normalise import normalise
from vigilance.indicators.normalise.base import InvalidIdentifier
from vigilance.indicators.receipts import parse_money_receipt
from vigilance.intake.models import IdentifierRole, Report, ReportStatus, Sighting
from vigilance.requisitions import freeze_issuers
from vigilance.requisitions.models import FreezeRequest, FreezeStatus
from vigilance.requisitions.services.freezes import announce_sent, freeze_reference, mark_sent

JOB_LABEL = "job:freeze_proposal"
# A receipt of money the victim sent or paid names the receiving wallet.
_OUTGOING = ("sent", "payment")
PROPOSING_STATUSES = (ReportStatus.RECEIVED, ReportStatus.TRIAGED, ReportStatus.IN_CASE)


# The sightings a proposal reads: the wallets and bank accounts of suspects and victim.
NAMED_ROLES = (IdentifierRole.SUSPECT, IdentifierRole.VICTIM)
NAMED_TYPES = ("momo_account", "bank_account")

# What a proposal reads of its report (of some sixty columns, the description among them).
REPORT_FIELDS = (
    "status",
    "reference",
    "category__group",
    "loss_amount",
    "loss_channel",
    "loss_receipt",
    "reporter_phone",
    "submitted_at",
)


class Trigger(StrEnum):
    ARRIVAL = "arrival"
    TRIAGE = "triage"
    CASE_OPENED = "case_opened"


ACTIONS = {
    Trigger.ARRIVAL: "freeze.proposed_at_arrival",
    Trigger.TRIAGE: "freeze.proposed_at_triage",
    Trigger.CASE_OPENED: "freeze.proposed_at_case_opening",
}


@dataclass(frozen=True)
class Proposal:
    """What a report says of the money: where it went, how much, when."""

    account_type: str
    account: str
    issuer_codes: list[str]
    amount: int
    transaction_at: dt.datetime | None
    transaction_reference: str
    sender_account: str

    def freeze_request(
        self, *, report: Report, case_id: int | None, issuer: Organisation
    ) -> FreezeRequest:
        """The unsaved, unnumbered freeze this proposal asks of ``issuer``."""
        return FreezeRequest(
            report=report,
            case_id=case_id,
            issuer=issuer,
            account_type=self.account_type,
            account=self.account,
            sender_account=self.sender_account,
            transaction_reference=self.transaction_reference,
            transaction_at=self.transaction_at,
            amount_asked=self.amount,
            status=FreezeStatus.AWAITING_APPROVAL,
        )


def _whole_francs(amount: Decimal | None) -> int:
    return int(amount or 0)


def _wallets_and_accounts(report: Report) -> list[Sighting]:
    """The mobile-money and bank accounts the report names, suspects' and victim's, in order:
    one read of the report's sightings."""
    return list(
        report.identifiers.filter(role__in=NAMED_ROLES, type__in=NAMED_TYPES).order_by("id")
    )


def _from_receipt(report: Report, named: list[Sighting]) -> Proposal | None:
    receipt = parse_money_receipt(report.loss_receipt) if report.loss_receipt else None
    if receipt is None or receipt.direction not in _OUTGOING or not receipt.counterpart:
        return None
    return Proposal(
        account_type="momo_account",
        account=receipt.counterpart,
        issuer_codes=freeze_issuers.issuer_codes_for_provider(receipt.provider),
        amount=_whole_francs(receipt.amount) or _whole_francs(report.loss_amount),
        transaction_at=receipt.occurred_at,
        transaction_reference=receipt.transaction_id[:80],
        sender_account=_victim_wallet(report, named),
    )


def _from_identifiers(report: Report, named: list[Sighting]) -> Proposal | None:
    suspect = next((s for s in named if s.role == IdentifierRole.SUSPECT), None)
    if suspect is None:
        return None
    if suspect.type == "bank_account":
        codes = freeze_issuers.issuer_codes_for_bank_account(suspect.value)
    else:
        # The wallet's own provider, else the channel the victim said the money went through.
        codes = freeze_issuers.issuer_codes_for_provider(
            suspect.provider
        ) or freeze_issuers.issuer_codes_for_provider(report.loss_channel)
    return Proposal(
        account_type=suspect.type,
        account=suspect.value,
        issuer_codes=codes,
        amount=_whole_francs(report.loss_amount),
        transaction_at=None,
        transaction_reference="",
        sender_account=_victim_wallet(report, named) if suspect.type == "momo_account" else "",
    )


def _victim_wallet(report: Report, named: list[Sighting]) -> str:
    own = next(
        (s for s in named if s.role == IdentifierRole.VICTIM and s.type == "momo_account"), None
    )
    if own is not None:
        return own.value
    try:
        return normalise("momo_account", report.reporter_phone).value
    except InvalidIdentifier:
        return ""


def may_call_for_one(report: Report) -> bool:
    """Whether the report, as it stands, may call for a freeze: a fraud through a channel a
    freeze reaches, not closed (before its sightings are read)."""
    return report.status in PROPOSING_STATUSES and freeze_issuers.may_propose(
        category_group=report.category.group_id, loss_channel=report.loss_channel
    )


def proposal_from(report: Report, named: list[Sighting]) -> Proposal | None:
    """The freeze the report's receipt, or else the accounts it names (``named``: its suspects'
    and victim's wallets and bank accounts, in order), call for."""
    proposal = _from_receipt(report, named) or _from_identifiers(report, named)
    if proposal is None or proposal.amount <= 0 or not proposal.issuer_codes:
        return None
    return proposal


def proposal_due(
    report: Report, named: list[Sighting], trigger: Trigger, now: dt.datetime
) -> Proposal | None:
    """The freeze the report calls for at ``trigger``, from the accounts it names: none once
    it is closed or the money moved too long ago, nor at arrival for a loss below
    ``FREEZE_IMMEDIATE_XAF``."""
    if not may_call_for_one(report):
        return None
    proposal = proposal_from(report, named)
    if proposal is None or not is_recent(report, proposal, now):
        return None
    if trigger == Trigger.ARRIVAL and proposal.amount < settings.FREEZE_IMMEDIATE_XAF:
        return None
    return proposal


def is_recent(report: Report, proposal: Proposal, now: dt.datetime) -> bool:
    """Within ``FREEZE_PROPOSAL_WINDOW_HOURS`` of the transaction, else of the report."""
    since = proposal.transaction_at or report.submitted_at
    return now - since <= dt.timedelta(hours=settings.FREEZE_PROPOSAL_WINDOW_HOURS)


def _issuer(codes: list[str]) -> Organisation | None:
    found = {o.code: o for o in Organisation.objects.filter(code__in=codes, is_active=True)}
    return issuer_among(codes, found)


def issuer_among(codes: list[str], found: dict[str, Organisation]) -> Organisation | None:
    """The first of ``codes`` (the preferred first) among the active issuers ``found``."""
    return next((found[code] for code in codes if code in found), None)


def _case_id_of(report: Report) -> int | None:
    return CaseReport.objects.filter(report=report).values_list("case_id", flat=True).first()


@transaction.atomic
def freeze_propose_for_report(
    *, report: Report, trigger: Trigger, triggered_by: User | None = None
) -> FreezeRequest | None:
    """Propose the freeze the report calls for; the one already proposed for the same account
    if there is one; None when the report calls for none.

    At triage (or a case opened from the report) a loss up to ``FREEZE_APPROVAL_THRESHOLD_XAF``
    is sent at once, a larger one waits for a supervisor. At arrival only a loss of at least
    ``FREEZE_IMMEDIATE_XAF`` is proposed, and always waits for a supervisor: nobody has read
    the report yet.
    """
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category")
        .only(*REPORT_FIELDS)
        .get(pk=report.pk)
    )
    if not may_call_for_one(report):
        return None
    proposal = proposal_due(report, _wallets_and_accounts(report), trigger, timezone.now())
    if proposal is None:
        return None
    existing = FreezeRequest.objects.filter(
        report=report, account=proposal.account, parent__isnull=True
    ).first()
    if existing is not None:
        return existing
    issuer = _issuer(proposal.issuer_codes)
    if issuer is None:
        return None
    freeze = proposal.freeze_request(report=report, case_id=_case_id_of(report), issuer=issuer)
    freeze.reference = freeze_reference(timezone.now().year)
    if trigger != Trigger.ARRIVAL and proposal.amount <= settings.FREEZE_APPROVAL_THRESHOLD_XAF:
        mark_sent(freeze)
    try:
        with transaction.atomic():
            freeze.save(force_insert=True)
    except IntegrityError:
        # Another job proposed it between our look and our write.
        return FreezeRequest.objects.get(
            report=report, account=proposal.account, parent__isnull=True
        )
    audit_record(
        actor=None,
        actor_label=JOB_LABEL,
        action=ACTIONS[trigger],
        object_type="freeze_request",
        object_id=freeze.reference,
        details={
            "report": report.reference,
            "issuer": issuer.code,
            "amount": freeze.amount_asked,
            "status": freeze.status,
            "by": triggered_by.get_username() if triggered_by else "",
        },
    )
    if freeze.status == FreezeStatus.SENT:
        announce_sent(freeze)
    return freeze


@transaction.atomic
def freezes_join_case(*, report: Report, case: Case, actor: User) -> int:
    """The report's freezes become the case's (its money trail shows them); how many."""
    joining = list(FreezeRequest.objects.select_for_update().filter(report=report, case=None))
    for freeze in joining:
        freeze.case = case
        freeze.save(update_fields=["case"])
        audit_record(
            actor=actor,
            action="freeze.joined_case",
            object_type="freeze_request",
            object_id=freeze.reference,
            details={"report": report.reference, "case": case.number},
        )
    return len(joining)
