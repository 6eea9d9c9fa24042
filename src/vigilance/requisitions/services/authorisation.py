"""The magistrate's authorisation of a requisition citing a legal basis the law reserves to one.

A magistrate of the prosecutor's office authorises it on the platform; when the magistrate is
not on the platform, a supervisor of the unit in charge records the paper authorisation (number,
date, magistrate, the scanned document kept as evidence). Either way the drafter never
authorises their own, and the supervisor's approval sends it only once it is authorised.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.evidence.services import IncomingFile, evidence_receive
from vigilance.requisitions import access
from vigilance.requisitions.models import MagistrateAuthorisation, Requisition, RequisitionEvent

NUMBER_LENGTH = 60
MAGISTRATE_LENGTH = 200


def _lock_waiting(requisition: Requisition) -> Requisition:
    requisition = (
        Requisition.objects.select_for_update()
        .select_related("legal_basis", "case__owning_unit")
        .get(pk=requisition.pk)
    )
    if not access.awaits_magistrate(requisition):
        raise InvalidAction(_("This requisition is not waiting for a magistrate's authorisation."))
    return requisition


def _record(
    *, actor: User, requisition: Requisition, authorisation: MagistrateAuthorisation
) -> MagistrateAuthorisation:
    authorisation.save()
    RequisitionEvent.objects.create(
        requisition=requisition, kind=RequisitionEvent.Kind.AUTHORISED, actor=actor
    )
    audit_record(
        actor=actor,
        action="requisition.authorisation_recorded",
        object_type="requisition",
        object_id=requisition.reference,
        details={
            "number": authorisation.number or "-",
            "issued_on": authorisation.issued_on.isoformat(),
            "magistrate": authorisation.magistrate,
            "on_platform": authorisation.authorised_by_id is not None,
            "document": authorisation.document.sha256 if authorisation.document else "",
        },
    )
    return authorisation


@transaction.atomic
def requisition_authorise(*, actor: User, requisition: Requisition) -> MagistrateAuthorisation:
    """A magistrate on the platform authorises: their name and office are the record."""
    access.require_authorise(actor, requisition)
    requisition = _lock_waiting(requisition)
    office = actor.unit.name if actor.unit else actor.organisation.name  # type: ignore[union-attr]
    name = actor.get_full_name() or actor.get_username()
    authorisation = MagistrateAuthorisation(
        requisition=requisition,
        magistrate=f"{name}, {office}"[:MAGISTRATE_LENGTH],
        issued_on=timezone.localdate(),
        authorised_by=actor,
        recorded_by=actor,
    )
    return _record(actor=actor, requisition=requisition, authorisation=authorisation)


@transaction.atomic
def requisition_record_authorisation(
    *,
    actor: User,
    requisition: Requisition,
    magistrate: str,
    number: str,
    issued_on: dt.date,
    document: IncomingFile,
) -> MagistrateAuthorisation:
    """A supervisor records the paper authorisation of a magistrate not on the platform."""
    access.require_record_authorisation(actor, requisition)
    requisition = _lock_waiting(requisition)
    magistrate, number = magistrate.strip(), number.strip()
    errors: dict[str, list[str]] = {}
    if not magistrate or len(magistrate) > MAGISTRATE_LENGTH:
        errors["magistrate"] = [_("Give the magistrate's name and office.")]
    if not number or len(number) > NUMBER_LENGTH:
        errors["number"] = [_("Give the authorisation's number.")]
    if issued_on > timezone.localdate():
        errors["issued_on"] = [_("The authorisation cannot be dated in the future.")]
    if errors:
        raise InvalidAction(next(iter(errors.values()))[0], fields=errors)
    # A refused file (size, type) raises EvidenceRejected: the page says why, nothing is kept.
    scan = evidence_receive(incoming=document, actor=actor, actor_label=actor.get_username())
    authorisation = MagistrateAuthorisation(
        requisition=requisition,
        magistrate=magistrate,
        number=number,
        issued_on=issued_on,
        document=scan,
        recorded_by=actor,
    )
    return _record(actor=actor, requisition=requisition, authorisation=authorisation)
