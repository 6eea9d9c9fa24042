"""The requisitions of a case, one requisition with its timeline, the partner desk and the
supervisors' overdue list."""

from dataclasses import dataclass

from django.db.models import QuerySet
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
    may_read_letter: bool = False
    found: list[IdentifierShown] | None = None
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
        may_read_letter=access.may_read_letter(user, requisition),
        found=identifiers_shown(
            [(str(item["type"]), str(item["value"])) for item in requisition.answer_items or []]
        ),
        authorisation=MagistrateAuthorisation.objects.filter(requisition=requisition)
        .select_related("document")
        .first(),
        shows_grounds=access.sees_case_of(user, requisition) or access.is_magistrate(user),
        may_authorise=access.may_authorise(user, requisition),
        may_record_authorisation=access.may_record_authorisation(user, requisition),
    )


def requisition_file_get(*, requisition: Requisition, evidence_id: str) -> Evidence | None:
    return requisition.answer_files.filter(deleted_at__isnull=True, public_id=evidence_id).first()


PAGE_SIZE = 25
PAGE_MAX = 1000
RECENTLY_CLOSED = 10


@dataclass(frozen=True)
class Page:
    """One page of a list, found without counting the whole list."""

    items: list[Requisition]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(rows: QuerySet[Requisition], *, number: int, size: int | None = None) -> Page:
    """Page ``number`` (from 1) of ``rows``: one row more than the page tells if there is a next."""
    size = size or PAGE_SIZE
    number = min(max(number, 1), PAGE_MAX)
    start = (number - 1) * size
    items = list(rows[start : start + size + 1])
    return Page(items=items[:size], number=number, has_next=len(items) > size)


def desk_list(*, user: User) -> QuerySet[Requisition]:
    """What the partner has to answer: the open ones, urgent first, then the nearest deadline.
    The open ones of an organisation are few beside all it has answered (an index keeps them)."""
    if not access.is_responder(user):
        return Requisition.objects.none()
    return (
        access.requisitions_visible_to(user)
        .filter(addressee_id=user.organisation_id, status__in=OPEN_STATUSES)
        .select_related("addressee")
        # "urgent" sorts after "normal": descending puts the urgent first, as the index does.
        .order_by("-urgency", "deadline", "id")
    )


def desk_recently_closed(*, user: User) -> list[Requisition]:
    """The partner's latest answers and refusals, newest first."""
    if not access.is_responder(user):
        return []
    return list(
        access.requisitions_visible_to(user)
        .filter(addressee_id=user.organisation_id, closed_at__isnull=False)
        .select_related("addressee")
        .order_by("-closed_at", "-id")[:RECENTLY_CLOSED]
    )


def overdue_list(*, user: User) -> QuerySet[Requisition]:
    """Requisitions of the cases a supervisor sees still waiting past their deadline."""
    if not user.has_role(Role.SUPERVISOR):
        return Requisition.objects.none()
    return (
        access.requisitions_visible_to(user)
        .filter(status__in=OPEN_STATUSES, deadline__lt=timezone.now())
        .select_related("addressee", "case")
        .order_by("deadline", "id")
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
