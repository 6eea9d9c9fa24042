"""What the partners' answers found, as identifiers of the case, correlated with the reports
that name the same values.

Correlation reads the sightings' (type, value) index, and only sightings that link (tied to an
indicator that is not on the warning list, as the cluster walk does). Of a report outside the
reader's need-to-know only that it exists is said, as on the cluster page.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from vigilance.accounts.models import User
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.indicators.normalise import display, type_label
from vigilance.intake.models import Sighting
from vigilance.requisitions import access
from vigilance.requisitions.models import AnswerIdentifier

# Enough reports per case page; the cluster page walks further.
LINKED_REPORTS_SHOWN = 500


@dataclass(frozen=True)
class LinkedReport:
    reference: str
    public_id: str


@dataclass
class FoundIdentifier:
    type: str
    value: str
    requisition: str
    addressee: str
    reports: list[LinkedReport] = field(default_factory=list)
    restricted_count: int = 0

    @property
    def type_label(self) -> str:
        return type_label(self.type)

    @property
    def shown(self) -> str:
        return display(self.type, self.value)


def answer_identifiers_of_case(*, user: User, case: Case) -> list[FoundIdentifier]:
    """The identifiers the answers of the case's requisitions (those the user sees) found, each
    with the other reports naming it."""
    rows = (
        AnswerIdentifier.objects.filter(
            case=case, requisition__in=access.requisitions_visible_to(user)
        )
        .select_related("requisition__addressee")
        .order_by("type", "value", "id")
    )
    found = {
        (row.type, row.value): FoundIdentifier(
            type=row.type,
            value=row.value,
            requisition=row.requisition.reference,
            addressee=row.requisition.addressee.name,
        )
        for row in rows
    }
    if not found:
        return []
    condition = Q()
    for kind, value in found:
        condition |= Q(type=kind, value=value)
    sightings = list(
        Sighting.objects.filter(condition, indicator__isnull=False)
        .exclude(indicator__is_warning_listed=True)
        .exclude(report__case_link__case=case)
        .values_list("type", "value", "report_id", "report__reference", "report__public_id")
        .order_by("report_id")[:LINKED_REPORTS_SHOWN]
    )
    visible = set(
        case_access.reports_visible_to(user)
        .filter(pk__in={row[2] for row in sightings})
        .values_list("pk", flat=True)
    )
    seen: set[tuple[str, str, int]] = set()
    for kind, value, report_id, reference, public_id in sightings:
        if (kind, value, report_id) in seen:
            continue
        seen.add((kind, value, report_id))
        item = found[(kind, value)]
        if report_id in visible:
            item.reports.append(LinkedReport(reference=reference, public_id=str(public_id)))
        else:
            item.restricted_count += 1
    return list(found.values())
