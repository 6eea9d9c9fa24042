"""Drafting a requisition, approving and sending it, and the partner's acknowledgement, answer
or refusal.

The edge fetches the requisition (or the case) through the gate; each function checks the
actor's right to its action, moves the status, writes the timeline and the audit trail in the
same transaction.
"""

import datetime as dt
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.api_keys import api_key_can, api_key_label
from vigilance.accounts.models import ApiKey, Organisation, User
from vigilance.accounts.permissions import Permission
from vigilance.audit.batch import audit_batch
from vigilance.audit.services import audit_record
from vigilance.cases.models import Case, CaseStatus
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.core.numbering import next_reference
from vigilance.evidence.services import EvidenceRejected, IncomingFile, evidence_receive
from vigilance.indicators.normalise import normalise
from vigilance.indicators.normalise.base import InvalidIdentifier
from vigilance.intake.models import Sighting
from vigilance.requisitions import access
from vigilance.requisitions.deadlines import deadline_for
from vigilance.requisitions.models import (
    ADDRESSEE_KINDS,
    OPEN_STATUSES,
    AnswerIdentifier,
    LegalBasis,
    Requisition,
    RequisitionEvent,
    RequisitionKind,
    RequisitionStatus,
    Urgency,
)

ANSWER_MAX_FILES = 5
ANSWER_MAX_ITEMS = 200
ANSWER_ITEM_MAX_LENGTH = 500

# Who answers for the partner: a responder on the desk, or the partner's system with its API key.
Responder = User | ApiKey


def _person(actor: Responder) -> User | None:
    return actor if isinstance(actor, User) else None


def _label(actor: Responder) -> str:
    return api_key_label(actor) if isinstance(actor, ApiKey) else actor.get_username()


def _audit(actor: Responder, action: str, requisition: Requisition, **details: object) -> None:
    audit_record(
        actor=_person(actor),
        actor_label="" if isinstance(actor, User) else _label(actor),
        action=action,
        object_type="requisition",
        object_id=requisition.reference,
        details=details,
    )


def _event(requisition: Requisition, kind: str, actor: Responder) -> None:
    RequisitionEvent.objects.create(requisition=requisition, kind=kind, actor=_person(actor))


def _next_reference(year: int) -> str:
    return next_reference("REQ", year)


def case_identifiers(case: Case) -> list[tuple[str, str]]:
    """The (type, value) pairs named in the case's reports or found in its requisitions'
    answers (a requisition may follow up on what another answered), normalised on arrival."""
    named = Sighting.objects.filter(report__case_link__case=case).values_list("type", "value")
    answered = AnswerIdentifier.objects.filter(case=case).values_list("type", "value")
    return sorted({(str(kind), str(value)) for kind, value in [*named, *answered]})


def _normalised(kind: str, value: str) -> tuple[str, str]:
    """The identifier's normal form, as the case's sightings hold it."""
    try:
        return kind, normalise(kind, value).value
    except InvalidIdentifier as error:
        raise InvalidAction(str(error), fields={"identifiers": [str(error)]}) from error


def _normalised_item(kind: str, value: str) -> tuple[str, str]:
    """An identifier of the partner's answer, in its normal form."""
    try:
        normal = normalise(kind, value)
    except InvalidIdentifier as error:
        raise InvalidAction(str(error), fields={"items": [str(error)]}) from error
    if len(normal.value) > ANSWER_ITEM_MAX_LENGTH:
        message = _("An identifier is too long: at most %(count)d characters.") % {
            "count": ANSWER_ITEM_MAX_LENGTH
        }
        raise InvalidAction(message, fields={"items": [message]})
    return normal.type, normal.value


@transaction.atomic
@audit_batch()
def requisition_draft(
    *,
    actor: User,
    case: Case,
    addressee: Organisation,
    kind: str,
    identifiers: Sequence[tuple[str, str]],
    legal_basis: LegalBasis,
    urgency: str = Urgency.NORMAL,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    grounds: str = "",
) -> Requisition:
    access.require_draft(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise InvalidAction(_("This case is closed: reopen it before drafting a requisition."))
    if addressee.kind not in ADDRESSEE_KINDS or not addressee.is_active:
        raise InvalidAction(
            _("A requisition is addressed to a partner: an operator, a provider or a bank."),
            fields={"addressee": [_("Choose a partner.")]},
        )
    if kind not in RequisitionKind.values or urgency not in Urgency.values:
        raise InvalidAction(_("Choose what is asked and how urgent it is."))
    if not legal_basis.is_active:
        raise InvalidAction(_("This legal basis is no longer in use."))
    grounds = grounds.strip()
    if legal_basis.needs_magistrate and not grounds:
        raise InvalidAction(
            _("Write the grounds the magistrate will read to authorise this requisition."),
            fields={"grounds": [_("Write the grounds for the magistrate.")]},
        )
    if period_from and period_to and period_from > period_to:
        raise InvalidAction(
            _("The period starts after it ends."),
            fields={"period_to": [_("The end of the period comes after its start.")]},
        )
    known = set(case_identifiers(case))
    chosen = sorted({_normalised(kind, value) for kind, value in identifiers})
    if not chosen or not set(chosen) <= known:
        raise InvalidAction(
            _("Choose one or more identifiers named in the case's reports."),
            fields={"identifiers": [_("Choose identifiers of this case.")]},
        )
    requisition = Requisition.objects.create(
        reference=_next_reference(timezone.now().year),
        case=case,
        addressee=addressee,
        kind=kind,
        identifiers=[{"type": type_, "value": value} for type_, value in chosen],
        period_from=period_from,
        period_to=period_to,
        legal_basis=legal_basis,
        urgency=urgency,
        grounds=grounds[:5000],
        drafted_by=actor,
    )
    _event(requisition, RequisitionEvent.Kind.DRAFTED, actor)
    _audit(
        actor,
        "requisition.drafted",
        requisition,
        case=case.number,
        addressee=addressee.code,
        kind=kind,
        urgency=urgency,
    )
    return requisition


@transaction.atomic
@audit_batch()
def requisition_approve(*, actor: User, requisition: Requisition) -> Requisition:
    """Four eyes: a supervisor of the unit in charge, never the drafter, approves; approving
    sends it to the partner, and the answer deadline starts then."""
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    access.require_approve(actor, requisition)
    if requisition.status != RequisitionStatus.DRAFT:
        raise InvalidAction(_("Only a draft can be approved."))
    if access.awaits_magistrate(requisition):
        raise InvalidAction(
            _(
                "The law reserves this requisition to a magistrate: it is sent once the "
                "prosecutor's office has authorised it."
            )
        )
    now = timezone.now()
    requisition.approved_by = actor
    requisition.status = RequisitionStatus.SENT
    requisition.sent_at = now
    requisition.deadline = deadline_for(
        kind=requisition.kind, urgency=requisition.urgency, sent_at=now
    )
    requisition.save(update_fields=["approved_by", "status", "sent_at", "deadline"])
    _event(requisition, RequisitionEvent.Kind.APPROVED, actor)
    _audit(actor, "requisition.approved", requisition, deadline=requisition.deadline.isoformat())
    # The partner's system hears of it once the sending is committed (webhook, or e-mail).
    from vigilance.requisitions import tasks

    transaction.on_commit(partial(tasks.enqueue_sent_notice, requisition.pk))
    transaction.on_commit(partial(tasks.enqueue_letter, requisition.pk))
    return requisition


def _require_respond(actor: Responder, requisition: Requisition) -> None:
    if isinstance(actor, User):
        access.require_respond(actor, requisition)
        return
    if actor.organisation_id != requisition.addressee_id:
        raise NotFound
    if not api_key_can(actor, Permission.RESPOND_REQUISITIONS):
        raise NotAllowed(_("This key does not allow answering requisitions."))


def _lock_open(actor: Responder, requisition: Requisition) -> Requisition:
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    _require_respond(actor, requisition)
    if requisition.is_closed:
        raise InvalidAction(_("This requisition is already closed: it can no longer be changed."))
    if requisition.status not in OPEN_STATUSES:
        raise InvalidAction(_("This requisition has not been sent."))
    return requisition


@transaction.atomic
@audit_batch()
def requisition_acknowledge(*, actor: Responder, requisition: Requisition) -> Requisition:
    requisition = _lock_open(actor, requisition)
    if requisition.status == RequisitionStatus.ACKNOWLEDGED:
        raise InvalidAction(_("This requisition has already been acknowledged."))
    requisition.status = RequisitionStatus.ACKNOWLEDGED
    requisition.acknowledged_at = timezone.now()
    requisition.save(update_fields=["status", "acknowledged_at"])
    _event(requisition, RequisitionEvent.Kind.ACKNOWLEDGED, actor)
    _audit(actor, "requisition.acknowledged", requisition)
    return requisition


@transaction.atomic
@audit_batch()
def requisition_answer(
    *,
    actor: Responder,
    requisition: Requisition,
    text: str,
    files: Sequence[IncomingFile] = (),
    items: Sequence[tuple[str, str]] = (),
) -> Requisition:
    """The partner's answer: text, the identifiers it found ([type, value], normalised) and files
    kept as evidence (checked, hashed, encrypted)."""
    requisition = _lock_open(actor, requisition)
    text = text.strip()
    if not text:
        raise InvalidAction(_("Write the answer."), fields={"text": [_("Write the answer.")]})
    if len(items) > ANSWER_MAX_ITEMS:
        raise InvalidAction(
            _("Give at most %(count)d identifiers.") % {"count": ANSWER_MAX_ITEMS},
            fields={"items": [_("Too many identifiers.")]},
        )
    found = [
        {"type": type_, "value": value}
        for type_, value in dict.fromkeys(_normalised_item(kind, value) for kind, value in items)
    ]
    if len(files) > ANSWER_MAX_FILES:
        raise InvalidAction(
            _("Attach at most %(count)d files.") % {"count": ANSWER_MAX_FILES},
            fields={"files": [_("Too many files.")]},
        )
    # Each file becomes evidence of the case; its custody log names the partner and why.
    purpose = f"answer of {requisition.addressee.code} to requisition {requisition.reference}"
    try:
        received = [
            evidence_receive(
                incoming=incoming, actor=_person(actor), actor_label=_label(actor), purpose=purpose
            )
            for incoming in files
        ]
    except EvidenceRejected as error:
        raise InvalidAction(str(error), fields={"files": [str(error)]}) from error
    requisition.status = RequisitionStatus.ANSWERED
    requisition.answer_text = text
    requisition.answer_items = found
    requisition.closed_at = timezone.now()
    requisition.save(update_fields=["status", "answer_text", "answer_items", "closed_at"])
    requisition.answer_files.add(*received)
    # What the partner found becomes identifiers of the case, never of a report (see the model).
    AnswerIdentifier.objects.bulk_create(
        AnswerIdentifier(requisition=requisition, case_id=requisition.case_id, **item)
        for item in found
    )
    _event(requisition, RequisitionEvent.Kind.ANSWERED, actor)
    _audit(
        actor,
        "requisition.answered",
        requisition,
        files=[evidence.sha256 for evidence in received],
        items=len(found),
    )
    return requisition


@transaction.atomic
@audit_batch()
def requisition_refuse(*, actor: Responder, requisition: Requisition, reason: str) -> Requisition:
    requisition = _lock_open(actor, requisition)
    reason = reason.strip()
    if not reason:
        raise InvalidAction(
            _("Say why the requisition is refused."),
            fields={"reason": [_("Say why the requisition is refused.")]},
        )
    requisition.status = RequisitionStatus.REFUSED
    requisition.refusal_reason = reason
    requisition.closed_at = timezone.now()
    requisition.save(update_fields=["status", "refusal_reason", "closed_at"])
    _event(requisition, RequisitionEvent.Kind.REFUSED, actor)
    _audit(actor, "requisition.refused", requisition)
    return requisition
