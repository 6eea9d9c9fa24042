"""Requests abroad: drafting, approval (four eyes), and the steps the investigator records as
the foreign side takes them: acknowledged, answered with the documents received (kept as
evidence: checked, hashed, encrypted), refused, or no answer.
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import Organisation, User
from vigilance.audit.services import audit_record
from vigilance.cases.models import Case, CaseStatus
from vigilance.core.errors import InvalidAction
from vigilance.core.numbering import next_reference
from vigilance.evidence.services import EvidenceRejected, IncomingFile, evidence_receive
from vigilance.indicators.normalise import InvalidIdentifier, normalise
from vigilance.requisitions import access_abroad as access
from vigilance.requisitions.models_abroad import (
    FOREIGN_ADDRESSEE_KINDS,
    ForeignRequest,
    ForeignRequestKind,
    ForeignRequestStatus,
)
from vigilance.requisitions.reference import abroad_within, country_choices, foreign_legal_basis

DOCUMENTS_MAX = 5


def _audit(actor: User, action: str, foreign_request: ForeignRequest, **details: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="foreign_request",
        object_id=foreign_request.reference,
        details=details,
    )


def _identifiers(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    found = []
    for kind, value in pairs:
        try:
            found.append({"type": kind, "value": normalise(kind, value).value})
        except InvalidIdentifier as error:
            raise InvalidAction(str(error), fields={"identifiers": [str(error)]}) from error
    return found


@transaction.atomic
def foreign_request_draft(
    *,
    actor: User,
    case: Case,
    kind: str,
    country: str,
    legal_basis: str,
    asked: str,
    addressee: Organisation | None = None,
    addressee_name: str = "",
    identifiers: Sequence[tuple[str, str]] = (),
) -> ForeignRequest:
    """To an organisation of the directory or, when it is not there, a named authority."""
    access.require_in_charge(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise InvalidAction(_("This case is closed: reopen it before drafting a request."))
    if kind not in ForeignRequestKind.values:
        raise InvalidAction(_("Choose the kind of request."), fields={"kind": [_("Choose.")]})
    if country not in dict(country_choices()):
        raise InvalidAction(
            _("Choose the country of the addressee."), fields={"country": [_("Choose.")]}
        )
    if foreign_legal_basis(legal_basis) is None:
        raise InvalidAction(
            _("Choose the treaty or rules the request relies on."),
            fields={"legal_basis": [_("Choose.")]},
        )
    addressee_name = addressee_name.strip()
    if addressee is not None and (
        addressee.kind not in FOREIGN_ADDRESSEE_KINDS or not addressee.is_active
    ):
        raise InvalidAction(
            _("A request abroad goes to a foreign authority, INTERPOL or a foreign platform."),
            fields={"addressee": [_("Choose a foreign addressee.")]},
        )
    if addressee is None and not addressee_name:
        raise InvalidAction(
            _("Choose the addressee, or name it when it is not in the directory."),
            fields={"addressee_name": [_("Name the foreign authority or platform.")]},
        )
    asked = asked.strip()
    if not asked:
        raise InvalidAction(_("Say what is asked."), fields={"asked": [_("Say what is asked.")]})
    foreign_request = ForeignRequest.objects.create(
        reference=next_reference("ETR", timezone.now().year),
        case=case,
        kind=kind,
        addressee=addressee,
        addressee_name="" if addressee is not None else addressee_name,
        country=country,
        legal_basis=legal_basis,
        asked=asked,
        identifiers=_identifiers(identifiers),
        drafted_by=actor,
    )
    _audit(
        actor,
        "foreign_request.drafted",
        foreign_request,
        case=case.number,
        kind=kind,
        country=country,
        addressee=foreign_request.addressee_shown,
    )
    return foreign_request


def _lock(foreign_request: ForeignRequest) -> ForeignRequest:
    return ForeignRequest.objects.select_for_update().get(pk=foreign_request.pk)


@transaction.atomic
def foreign_request_approve(*, actor: User, foreign_request: ForeignRequest) -> ForeignRequest:
    """Four eyes; approving records it as sent, and its deadline starts then."""
    foreign_request = _lock(foreign_request)
    access.require_approve(actor, foreign_request)
    if foreign_request.status != ForeignRequestStatus.AWAITING_APPROVAL:
        raise InvalidAction(_("This request has already been approved."))
    now = timezone.now()
    foreign_request.approved_by = actor
    foreign_request.status = ForeignRequestStatus.SENT
    foreign_request.sent_at = now
    foreign_request.deadline = now + abroad_within(foreign_request.kind)
    foreign_request.save(update_fields=["approved_by", "status", "sent_at", "deadline"])
    _audit(
        actor,
        "foreign_request.approved",
        foreign_request,
        deadline=foreign_request.deadline.isoformat(),
    )
    return foreign_request


# What the investigator records, and the state it leads to.
OUTCOMES = {
    "acknowledged": ForeignRequestStatus.ACKNOWLEDGED,
    "answered": ForeignRequestStatus.ANSWERED,
    "refused": ForeignRequestStatus.REFUSED,
    "no_answer": ForeignRequestStatus.NO_ANSWER,
}


@transaction.atomic
def foreign_request_record(
    *,
    actor: User,
    foreign_request: ForeignRequest,
    outcome: str,
    on: dt.date,
    note: str = "",
    documents: Sequence[IncomingFile] = (),
) -> ForeignRequest:
    """A step of the foreign side, on the date it happened (between the sending and today)."""
    foreign_request = _lock(foreign_request)
    access.require_in_charge(actor, foreign_request.case)
    if not foreign_request.is_open:
        if foreign_request.status == ForeignRequestStatus.AWAITING_APPROVAL:
            raise InvalidAction(_("This request has not been sent."))
        raise InvalidAction(_("This request is already closed: it can no longer be changed."))
    if outcome not in OUTCOMES:
        raise InvalidAction(_("Choose what happened."), fields={"outcome": [_("Choose.")]})
    if outcome == "acknowledged" and foreign_request.status == ForeignRequestStatus.ACKNOWLEDGED:
        raise InvalidAction(_("This request has already been acknowledged."))
    sent_on = timezone.localdate(foreign_request.sent_at) if foreign_request.sent_at else None
    if sent_on is None or not sent_on <= on <= timezone.localdate():
        raise InvalidAction(
            _("The date is between the sending of the request and today."),
            fields={"on": [_("Give a date between the sending and today.")]},
        )
    note = note.strip()
    if outcome in ("answered", "refused") and not note:
        raise InvalidAction(
            _("Sum up the answer or the reason for the refusal."),
            fields={"note": [_("Sum up the answer or the reason for the refusal.")]},
        )
    if len(documents) > DOCUMENTS_MAX:
        raise InvalidAction(
            _("Attach at most %(count)d files.") % {"count": DOCUMENTS_MAX},
            fields={"documents": [_("Too many files.")]},
        )
    try:
        received = [
            evidence_receive(incoming=item, actor=actor, actor_label=actor.get_username())
            for item in documents
        ]
    except EvidenceRejected as error:
        raise InvalidAction(str(error), fields={"documents": [str(error)]}) from error
    foreign_request.status = OUTCOMES[outcome]
    if outcome == "acknowledged":
        foreign_request.acknowledged_on = on
        fields = ["status", "acknowledged_on"]
    else:
        foreign_request.closed_on = on
        foreign_request.outcome_note = note
        fields = ["status", "closed_on", "outcome_note"]
    foreign_request.save(update_fields=fields)
    foreign_request.documents.add(*received)
    action = {
        "acknowledged": "foreign_request.acknowledged",
        "answered": "foreign_request.answered",
        "refused": "foreign_request.refused",
        "no_answer": "foreign_request.no_answer",
    }[outcome]
    _audit(
        actor,
        action,
        foreign_request,
        on=on.isoformat(),
        files=[item.sha256 for item in received],
    )
    return foreign_request
