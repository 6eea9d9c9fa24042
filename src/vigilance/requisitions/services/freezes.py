"""Wallet freezes: asking an issuer to hold the money, its answer, and what becomes of it.

A freeze is asked from a case by those in charge of it. Below the approval threshold it is
sent at once (the golden hour does not wait); above it, a supervisor of the unit in charge,
never the drafter, approves and sends it. The issuer's responders answer; "moved on" opens
the next freeze down the trail. Each function checks the actor's right, moves the status and
writes the audit trail in the same transaction.
"""

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.api_keys import api_key_label
from vigilance.accounts.models import ApiKey, Organisation, User
from vigilance.audit.services import audit_record
from vigilance.cases.models import Case, CaseStatus
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.core.numbering import next_reference, next_references
from vigilance.indicators.normalise import normalise
from vigilance.indicators.normalise.base import InvalidIdentifier
from vigilance.requisitions import access
from vigilance.requisitions.models import (
    FreezeRequest,
    FreezeStatus,
)
from vigilance.requisitions.models_freeze import ISSUER_KINDS

ACCOUNT_TYPES = ("momo_account", "bank_account", "phone")


# Who answers for the issuer: a responder on the desk, or the issuer's system with its API key.
Responder = User | ApiKey


def _audit(actor: Responder, action: str, freeze: FreezeRequest, **details: object) -> None:
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        actor_label=api_key_label(actor) if isinstance(actor, ApiKey) else "",
        action=action,
        object_type="freeze_request",
        object_id=freeze.reference,
        details=details,
    )


def freeze_reference(year: int) -> str:
    return next_reference("GEL", year)


def freeze_references(year: int, count: int) -> list[str]:
    return next_references("GEL", year, count)


def _account(account_type: str, value: str, field: str) -> str:
    if account_type not in ACCOUNT_TYPES:
        raise InvalidAction(
            _("Choose a mobile-money wallet or a bank account."), fields={field: [_("Choose.")]}
        )
    try:
        return normalise(account_type, value).value
    except InvalidIdentifier as error:
        raise InvalidAction(str(error), fields={field: [str(error)]}) from error


def _issuer(issuer: Organisation) -> Organisation:
    if issuer.kind not in ISSUER_KINDS or not issuer.is_active:
        raise InvalidAction(
            _("A freeze is asked from a mobile-money provider, an operator or a bank."),
            fields={"issuer": [_("Choose a mobile-money provider or a bank.")]},
        )
    return issuer


def _amount(value: int | None, field: str) -> int:
    if value is None or int(value) <= 0:
        raise InvalidAction(
            _("Give an amount in FCFA above zero."), fields={field: [_("Give an amount.")]}
        )
    return int(value)


def mark_sent(freeze: FreezeRequest) -> None:
    """Sent now, to be answered within ``FREEZE_DEADLINE_HOURS`` (saved by the caller)."""
    now = timezone.now()
    freeze.status = FreezeStatus.SENT
    freeze.sent_at = now
    freeze.deadline = now + dt.timedelta(hours=settings.FREEZE_DEADLINE_HOURS)


def announce_sent(freeze: FreezeRequest) -> None:
    """Tell the issuer (webhook, else e-mail) once the sending is committed."""
    from vigilance.requisitions import tasks

    transaction.on_commit(partial(tasks.enqueue_freeze_sent_notice, freeze.pk))


@transaction.atomic
def freeze_request_create(
    *,
    actor: User,
    case: Case,
    issuer: Organisation,
    account: str,
    amount_asked: int,
    account_type: str = "momo_account",
    sender_account: str = "",
    transaction_reference: str = "",
    transaction_at: dt.datetime | None = None,
) -> FreezeRequest:
    """A freeze asked from a case; sent at once unless the amount needs a supervisor."""
    access.require_draft(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise InvalidAction(_("This case is closed: reopen it before asking for a freeze."))
    amount = _amount(amount_asked, "amount_asked")
    freeze = FreezeRequest(
        reference=freeze_reference(timezone.now().year),
        case=case,
        issuer=_issuer(issuer),
        account_type=account_type,
        account=_account(account_type, account, "account"),
        sender_account=(
            _account(account_type, sender_account, "sender_account") if sender_account else ""
        ),
        transaction_reference=transaction_reference.strip()[:80],
        transaction_at=transaction_at,
        amount_asked=amount,
        status=FreezeStatus.AWAITING_APPROVAL,
        drafted_by=actor,
    )
    if amount <= settings.FREEZE_APPROVAL_THRESHOLD_XAF:
        mark_sent(freeze)
    freeze.save()
    _audit(
        actor,
        "freeze.requested",
        freeze,
        case=case.number,
        issuer=issuer.code,
        amount=amount,
        status=freeze.status,
    )
    if freeze.status == FreezeStatus.SENT:
        announce_sent(freeze)
    return freeze


@transaction.atomic
def freeze_approve(*, actor: User, freeze: FreezeRequest) -> FreezeRequest:
    """Four eyes on a large loss: a supervisor of the unit in charge, never the drafter."""
    freeze = (
        FreezeRequest.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=freeze.pk)
    )
    if not access.may_approve_freeze(actor, freeze):
        if freeze.status != FreezeStatus.AWAITING_APPROVAL:
            raise InvalidAction(_("This freeze is not waiting for approval."))
        raise NotAllowed(
            _("A supervisor of the unit in charge, other than the drafter, approves a freeze.")
        )
    freeze.approved_by = actor
    mark_sent(freeze)
    freeze.save(update_fields=["approved_by", "status", "sent_at", "deadline"])
    _audit(
        actor, "freeze.approved", freeze, deadline=timezone.localtime(freeze.deadline).isoformat()
    )
    announce_sent(freeze)
    return freeze


@transaction.atomic
def freeze_answer(
    *,
    actor: Responder,
    freeze: FreezeRequest,
    outcome: str,
    amount: int | None = None,
    next_issuer: Organisation | None = None,
    next_account: str = "",
    next_account_type: str = "momo_account",
) -> FreezeRequest:
    """The issuer's answer. Held needs the amount (at most the amount asked); moved on needs the
    wallet and issuer the money went to, and the amount: the next freeze is sent to them."""
    freeze = (
        FreezeRequest.objects.select_for_update(of=("self",))
        .select_related("case", "report")
        .get(pk=freeze.pk)
    )
    if not access.may_answer_freeze(actor, freeze):
        raise NotFound
    if freeze.status != FreezeStatus.SENT:
        raise InvalidAction(_("This freeze has already been answered."))
    answerable = (
        FreezeStatus.HELD,
        FreezeStatus.INSUFFICIENT_FUNDS,
        FreezeStatus.ALREADY_WITHDRAWN,
        FreezeStatus.MOVED_ON,
    )
    if outcome not in answerable:
        raise InvalidAction(_("Choose what became of the money."))
    child = None
    if outcome == FreezeStatus.HELD:
        held = _amount(amount, "amount")
        if held > freeze.amount_asked:
            message = _(
                "The amount held (%(held)s FCFA) cannot exceed the amount asked (%(asked)s FCFA)."
            ) % {"held": _fcfa(held), "asked": _fcfa(freeze.amount_asked)}
            raise InvalidAction(message, fields={"amount": [message]})
        freeze.amount_held = held
    elif outcome == FreezeStatus.MOVED_ON:
        moved = _amount(amount, "amount")
        if next_issuer is None or not next_account:
            raise InvalidAction(
                _("Say which account the money moved on to, and who keeps it."),
                fields={"next_account": [_("Give the account.")]},
            )
        child = FreezeRequest(
            reference=freeze_reference(timezone.now().year),
            case=freeze.case,
            report_id=freeze.report_id,
            parent=freeze,
            issuer=_issuer(next_issuer),
            account_type=next_account_type,
            account=_account(next_account_type, next_account, "next_account"),
            sender_account=freeze.account,
            amount_asked=moved,
            status=FreezeStatus.AWAITING_APPROVAL,
            drafted_by=freeze.drafted_by,
            approved_by=freeze.approved_by,
        )
        # The trail was authorised when its first freeze was sent: the next one goes at once.
        mark_sent(child)
    freeze.status = outcome
    freeze.answered_by = actor if isinstance(actor, User) else None
    freeze.answered_at = timezone.now()
    freeze.save(update_fields=["status", "amount_held", "answered_by", "answered_at"])
    details: dict[str, object] = {}
    if amount is not None:
        details["amount"] = int(amount)
    if child is not None:
        child.save()
        details["next"] = child.reference
        _audit(
            actor,
            "freeze.requested",
            child,
            case=freeze.case.number if freeze.case else "",
            issuer=child.issuer.code,
            report=freeze.report.reference if freeze.report else "",
            amount=child.amount_asked,
            status=child.status,
        )
        announce_sent(child)
    action = {
        FreezeStatus.HELD: "freeze.held",
        FreezeStatus.INSUFFICIENT_FUNDS: "freeze.insufficient_funds",
        FreezeStatus.ALREADY_WITHDRAWN: "freeze.already_withdrawn",
        FreezeStatus.MOVED_ON: "freeze.moved_on",
    }[FreezeStatus(outcome)]
    _audit(actor, action, freeze, **details)
    return freeze


def _fcfa(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _settle(*, actor: User, freeze: FreezeRequest, authority: str, status: str) -> FreezeRequest:
    freeze = (
        FreezeRequest.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=freeze.pk)
    )
    if freeze.case is None:
        raise InvalidAction(_("Open a case from the report before recording a release or return."))
    if not access.case_access.can_view_case(actor, freeze.case):
        raise NotFound
    if not access.may_settle_freeze(actor, freeze):
        if freeze.status != FreezeStatus.HELD:
            raise InvalidAction(_("Only money held can be released or returned."))
        raise NotAllowed(_("Only the unit in charge of the case records this."))
    authority = authority.strip()
    if not authority:
        raise InvalidAction(
            _("Name the authority that ordered it."),
            fields={"authority": [_("Name the authority that ordered it.")]},
        )
    freeze.status = status
    freeze.ordering_authority = authority[:200]
    freeze.settled_at = timezone.now()
    return freeze


@transaction.atomic
def freeze_release(*, actor: User, freeze: FreezeRequest, authority: str) -> FreezeRequest:
    """The hold lifted, on the order of ``authority``."""
    freeze = _settle(actor=actor, freeze=freeze, authority=authority, status=FreezeStatus.RELEASED)
    freeze.save(update_fields=["status", "ordering_authority", "settled_at"])
    _audit(actor, "freeze.released", freeze, authority=freeze.ordering_authority)
    return freeze


@transaction.atomic
def freeze_return(
    *, actor: User, freeze: FreezeRequest, authority: str, amount: int | None = None
) -> FreezeRequest:
    """Money held given back to the victim (all of it unless ``amount`` says less)."""
    freeze = _settle(actor=actor, freeze=freeze, authority=authority, status=FreezeStatus.RETURNED)
    returned = (freeze.amount_held or 0) if amount is None else _amount(amount, "amount")
    if returned > (freeze.amount_held or 0):
        message = _("The amount returned cannot exceed the amount held.")
        raise InvalidAction(message, fields={"amount": [message]})
    freeze.amount_returned = returned
    freeze.save(update_fields=["status", "ordering_authority", "settled_at", "amount_returned"])
    _audit(actor, "freeze.returned", freeze, authority=freeze.ordering_authority, amount=returned)
    return freeze
