"""The requisitions of a case, one requisition with its timeline, the partner desk and the
supervisors' overdue list."""

from dataclasses import dataclass

from django.db.models import Case as Choose
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils import timezone

from vigilance.accounts.models import Organisation, Role, User
from vigilance.cases.models import Case
from vigilance.evidence.models import Evidence
from vigilance.indicators.normalise import display, type_label
from vigilance.requisitions import access
from vigilance.requisitions.models import (
    ADDRESSEE_KINDS,
    OPEN_STATUSES,
    LegalBasis,
    MagistrateAuthorisation,
    Requisition,
    RequisitionEvent,
    RequisitionStatus,
    Urgency,
)


@dataclass(frozen=True)
class IdentifierShown:
    type_label: str
    shown: str


@dataclass(frozen=True)
class RequisitionDetail:
    requisition: Requisition
    identifiers: list[IdentifierShown]
    events: list[RequisitionEvent]
    files: list[Evidence]
    shows_case: bool
    may_approve: bool
    may_respond: bool
    # The magistrate's authorisation: shown to all who see the requisition; the grounds only to
    # the case's readers and the magistrate.
    authorisation: MagistrateAuthorisation | None = None
    shows_grounds: bool = False
    may_authorise: bool = False
    may_record_authorisation: bool = False


def identifiers_shown(pairs: list[tuple[str, str]]) -> list[IdentifierShown]:
    return [IdentifierShown(type_label=type_label(t), shown=display(t, v)) for t, v in pairs]


def requisitions_of_case(*, user: User, case: Case) -> QuerySet[Requisition]:
    return (
        access.requisitions_visible_to(user)
        .filter(case=case)
        .select_related("addressee", "legal_basis")
    )


def requisition_detail(*, user: User, requisition: Requisition) -> RequisitionDetail:
    pairs = [(str(item["type"]), str(item["value"])) for item in requisition.identifiers]
    return RequisitionDetail(
        requisition=requisition,
        identifiers=identifiers_shown(pairs),
        events=list(requisition.events.select_related("actor")),
        files=list(requisition.answer_files.all()),
        shows_case=access.sees_case_of(user, requisition),
        may_approve=access.may_approve(user, requisition),
        may_respond=access.may_respond(user, requisition) and not requisition.is_closed,
        authorisation=MagistrateAuthorisation.objects.filter(requisition=requisition)
        .select_related("document")
        .first(),
        shows_grounds=access.sees_case_of(user, requisition) or access.is_magistrate(user),
        may_authorise=access.may_authorise(user, requisition),
        may_record_authorisation=access.may_record_authorisation(user, requisition),
    )


def requisition_file_get(*, requisition: Requisition, evidence_id: str) -> Evidence | None:
    return requisition.answer_files.filter(deleted_at__isnull=True, public_id=evidence_id).first()


def desk_list(*, user: User) -> QuerySet[Requisition]:
    """What the partner has to answer: open ones first, the urgent and the nearest deadline
    first, then the newest."""
    if not access.is_responder(user):
        return Requisition.objects.none()
    return (
        access.requisitions_visible_to(user)
        .filter(addressee_id=user.organisation_id)
        .annotate(
            settled=Choose(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            urgent_first=Choose(
                When(urgency=Urgency.URGENT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("settled", "urgent_first", "deadline", "-sent_at")
    )


def overdue_list(*, user: User) -> QuerySet[Requisition]:
    """Requisitions of the cases a supervisor sees still waiting past their deadline."""
    if not user.has_role(Role.SUPERVISOR):
        return Requisition.objects.none()
    return (
        access.requisitions_visible_to(user)
        .filter(status__in=OPEN_STATUSES, deadline__lt=timezone.now())
        .select_related("addressee", "case")
        .order_by("deadline")
    )


def addressee_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=ADDRESSEE_KINDS, is_active=True)


def legal_basis_choices() -> QuerySet[LegalBasis]:
    return LegalBasis.objects.filter(is_active=True)


def authorisation_queue(*, user: User) -> QuerySet[Requisition]:
    """For a magistrate: the drafts citing a basis reserved to a magistrate, not yet authorised,
    oldest first."""
    if not access.is_magistrate(user):
        return Requisition.objects.none()
    return (
        access.requisitions_visible_to(user)
        .filter(status=RequisitionStatus.DRAFT, legal_basis__needs_magistrate=True)
        .filter(magistrate_authorisation__isnull=True)
        .select_related("addressee", "legal_basis", "drafted_by__unit")
        .order_by("created_at", "id")
    )
