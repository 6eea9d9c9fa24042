"""Requests abroad of a case and one with what the reader may do."""

from dataclasses import dataclass

from django.db.models import QuerySet

from vigilance.accounts.models import Organisation, User
from vigilance.cases.models import Case
from vigilance.evidence.models import Evidence
from vigilance.requisitions import access_abroad as access
from vigilance.requisitions.models_abroad import FOREIGN_ADDRESSEE_KINDS, ForeignRequest
from vigilance.requisitions.reference import country_name, foreign_legal_basis
from vigilance.requisitions.selectors.requisition import IdentifierShown, identifiers_shown


@dataclass(frozen=True)
class ForeignRequestDetail:
    foreign_request: ForeignRequest
    country: str
    legal_basis: str
    identifiers: list[IdentifierShown]
    documents: list[Evidence]
    may_approve: bool
    may_record: bool


def foreign_requests_of_case(*, user: User, case: Case) -> QuerySet[ForeignRequest]:
    return access.foreign_requests_visible_to(user).filter(case=case).select_related("addressee")


def foreign_request_detail(*, user: User, foreign_request: ForeignRequest) -> ForeignRequestDetail:
    basis = foreign_legal_basis(foreign_request.legal_basis)
    pairs = [(str(item["type"]), str(item["value"])) for item in foreign_request.identifiers]
    return ForeignRequestDetail(
        foreign_request=foreign_request,
        country=country_name(foreign_request.country),
        legal_basis=basis.name if basis else foreign_request.legal_basis,
        identifiers=identifiers_shown(pairs),
        documents=list(foreign_request.documents.filter(deleted_at__isnull=True)),
        may_approve=access.may_approve(user, foreign_request),
        may_record=foreign_request.is_open and access.in_charge(user, foreign_request.case),
    )


def foreign_document_get(*, foreign_request: ForeignRequest, evidence_id: str) -> Evidence | None:
    return foreign_request.documents.filter(deleted_at__isnull=True, public_id=evidence_id).first()


def foreign_addressee_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=FOREIGN_ADDRESSEE_KINDS, is_active=True)
