"""Drafting a takedown or blocking request, approving and sending it, and the addressee's
acknowledgement, "done" (taken down or blocked, and when) or refusal.

A child-abuse link never reaches the audit trail in full: the trail keeps its masked form.
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.api_keys import api_key_can, api_key_label
from vigilance.accounts.models import ApiKey, Organisation, OrganisationKind, Unit, User
from vigilance.accounts.permissions import Permission
from vigilance.audit.services import audit_record
from vigilance.cases import access as case_access
from vigilance.cases.models import Case, CaseStatus
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.core.numbering import next_reference
from vigilance.indicators.normalise import InvalidIdentifier
from vigilance.intake.models import Report
from vigilance.requisitions import access_takedowns as access
from vigilance.requisitions.models_takedown import (
    TAKEDOWN_ADDRESSEE_KINDS,
    TakedownAction,
    TakedownRequest,
    TakedownStatus,
    TakedownTarget,
)
from vigilance.requisitions.reference import takedown_within
from vigilance.requisitions.takedown_targets import normalise_target, shown_target

# The offence category whose takedowns go to the specialised unit (core/data/taxonomy.json).
CHILD_ABUSE_CATEGORY = "child_sexual_abuse"
# Numbers and short codes are blocked by the operators, on the regulator's order.
NUMBER_TARGETS = (TakedownTarget.PHONE, TakedownTarget.SHORT_CODE)
NUMBER_ADDRESSEES = (OrganisationKind.REGULATOR, OrganisationKind.TELECOM_OPERATOR)
REASON_MAX = 5000

# Who answers for the addressee: a responder on the desk, or its system with an API key.
Responder = User | ApiKey


def _person(actor: Responder) -> User | None:
    return actor if isinstance(actor, User) else None


def _audit(actor: Responder, action: str, takedown: TakedownRequest, **details: object) -> None:
    audit_record(
        actor=_person(actor),
        actor_label=api_key_label(actor) if isinstance(actor, ApiKey) else "",
        action=action,
        object_type="takedown",
        object_id=takedown.reference,
        details=details,
    )


def _target_for_trail(takedown: TakedownRequest) -> str:
    return shown_target(
        takedown.target_type,
        takedown.target,
        in_full=False,
        is_child_abuse=takedown.is_child_abuse,
    )


def _check_addressee(addressee: Organisation, target_type: str) -> None:
    if not addressee.is_active or addressee.kind not in TAKEDOWN_ADDRESSEE_KINDS:
        raise InvalidAction(
            _("A takedown goes to a host, a registrar, a platform, a provider or the regulator."),
            fields={"addressee": [_("Choose who takes down or blocks.")]},
        )
    is_number = target_type in NUMBER_TARGETS
    if (is_number and addressee.kind not in NUMBER_ADDRESSEES) or (
        not is_number and addressee.kind == OrganisationKind.REGULATOR
    ):
        raise InvalidAction(
            _(
                "Numbers and short codes are blocked through the regulator or an operator; "
                "links, domains and profiles by a host, registrar, platform or provider."
            ),
            fields={"addressee": [_("Choose an addressee that can act on this target.")]},
        )


@transaction.atomic
def takedown_draft(
    *,
    actor: User,
    addressee: Organisation,
    action: str,
    target_type: str,
    target: str,
    justification: str,
    case: Case | None = None,
    report: Report | None = None,
    cited_reports: Sequence[Report] = (),
) -> TakedownRequest:
    """From a case (citing its reports) or from the cluster of ``report`` (citing the
    cluster's reports the drafter sees); a report already in a case brings the case."""
    if (case is None) == (report is None):
        raise InvalidAction(_("A takedown is drafted from a case or from a report."))
    access.require_draft(actor, case=case, report=report)
    if report is not None:
        case = case_access.report_case(report)
    if case is not None and case.status == CaseStatus.CLOSED:
        raise InvalidAction(_("This case is closed: reopen it before drafting a request."))
    if action not in TakedownAction.values or target_type not in TakedownTarget.values:
        raise InvalidAction(_("Choose what to do and what it aims at."))
    _check_addressee(addressee, target_type)
    try:
        value = normalise_target(target_type, target)
    except InvalidIdentifier as error:
        raise InvalidAction(str(error), fields={"target": [str(error)]}) from error
    justification = justification.strip()
    if not justification:
        raise InvalidAction(
            _("Say why it must be taken down or blocked."),
            fields={"justification": [_("Say why it must be taken down or blocked.")]},
        )
    reports = list(cited_reports) or (list(case.reports.all()) if case is not None else [])
    if report is not None and report not in reports:
        reports.insert(0, report)
    unit: Unit | None = case.owning_unit if case is not None else None
    if unit is None:
        unit = (report.unit if report is not None else None) or actor.unit
    if unit is None:
        raise InvalidAction(_("Route the report to a unit before drafting a request."))
    takedown = TakedownRequest.objects.create(
        reference=next_reference("RET", timezone.now().year),
        case=case,
        unit=unit,
        addressee=addressee,
        action=action,
        target_type=target_type,
        target=value,
        justification=justification,
        is_child_abuse=any(item.category_id == CHILD_ABUSE_CATEGORY for item in reports),
        drafted_by=actor,
    )
    takedown.cited_reports.set(reports)
    _audit(
        actor,
        "takedown.drafted",
        takedown,
        addressee=addressee.code,
        what=action,
        target=_target_for_trail(takedown),
        case=case.number if case is not None else "",
        reports=[item.reference for item in reports],
    )
    return takedown


@transaction.atomic
def takedown_approve(*, actor: User, takedown: TakedownRequest) -> TakedownRequest:
    """Four eyes: a supervisor of the unit in charge (of the child protection unit for child
    abuse), never the drafter; approving sends it and starts the deadline."""
    takedown = TakedownRequest.objects.select_for_update().get(pk=takedown.pk)
    access.require_approve(actor, takedown)
    if takedown.status != TakedownStatus.AWAITING_APPROVAL:
        raise InvalidAction(_("This request has already been approved."))
    now = timezone.now()
    takedown.approved_by = actor
    takedown.status = TakedownStatus.SENT
    takedown.sent_at = now
    takedown.deadline = now + takedown_within(
        action=takedown.action, is_child_abuse=takedown.is_child_abuse
    )
    takedown.save(update_fields=["approved_by", "status", "sent_at", "deadline"])
    _audit(actor, "takedown.approved", takedown, deadline=takedown.deadline.isoformat())
    return takedown


def _lock_open(actor: Responder, takedown: TakedownRequest) -> TakedownRequest:
    takedown = TakedownRequest.objects.select_for_update().get(pk=takedown.pk)
    if isinstance(actor, User):
        if not access.may_respond(actor, takedown):
            raise NotFound
    else:
        if actor.organisation_id != takedown.addressee_id:
            raise NotFound
        if not api_key_can(actor, Permission.RESPOND_REQUISITIONS):
            raise NotAllowed(_("This key does not allow answering requests."))
    if takedown.is_closed:
        raise InvalidAction(_("This request is already closed: it can no longer be changed."))
    if not takedown.is_open:
        raise InvalidAction(_("This request has not been sent."))
    return takedown


@transaction.atomic
def takedown_acknowledge(*, actor: Responder, takedown: TakedownRequest) -> TakedownRequest:
    takedown = _lock_open(actor, takedown)
    if takedown.status == TakedownStatus.ACKNOWLEDGED:
        raise InvalidAction(_("This request has already been acknowledged."))
    takedown.status = TakedownStatus.ACKNOWLEDGED
    takedown.acknowledged_at = timezone.now()
    takedown.save(update_fields=["status", "acknowledged_at"])
    _audit(actor, "takedown.acknowledged", takedown)
    return takedown


@transaction.atomic
def takedown_done(
    *, actor: Responder, takedown: TakedownRequest, done_at: dt.datetime | None = None
) -> TakedownRequest:
    """Taken down or blocked, at ``done_at`` (now if not given; never in the future)."""
    takedown = _lock_open(actor, takedown)
    now = timezone.now()
    done_at = done_at or now
    if done_at > now or (takedown.sent_at and done_at < takedown.sent_at):
        raise InvalidAction(
            _("The time it was done is between the sending of the request and now."),
            fields={"done_at": [_("Give a time between the sending and now.")]},
        )
    takedown.status = TakedownStatus.DONE
    takedown.done_at = done_at
    takedown.closed_at = now
    takedown.save(update_fields=["status", "done_at", "closed_at"])
    action = (
        "takedown.done_block"
        if takedown.action == TakedownAction.BLOCK
        else "takedown.done_take_down"
    )
    _audit(actor, action, takedown, done_at=done_at.isoformat())
    return takedown


@transaction.atomic
def takedown_refuse(*, actor: Responder, takedown: TakedownRequest, reason: str) -> TakedownRequest:
    takedown = _lock_open(actor, takedown)
    reason = reason.strip()[:REASON_MAX]
    if not reason:
        raise InvalidAction(
            _("Say why the request is refused."),
            fields={"reason": [_("Say why the request is refused.")]},
        )
    takedown.status = TakedownStatus.REFUSED
    takedown.refusal_reason = reason
    takedown.closed_at = timezone.now()
    takedown.save(update_fields=["status", "refusal_reason", "closed_at"])
    _audit(actor, "takedown.refused", takedown)
    return takedown
