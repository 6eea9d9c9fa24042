"""Reading cases for the case list, the case page and the API, always through the need-to-know
gate of ``cases.access``, in a bounded number of queries whatever the size of the case."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access
from vigilance.cases.models import (
    Case,
    CaseEvent,
    CaseLink,
    CaseNote,
    CaseShare,
    CaseStatus,
    CaseTask,
)
from vigilance.cases.selectors.filters import within_days
from vigilance.cases.selectors.timeline import TimelineEntry, timeline_entries
from vigilance.core.errors import NotFound
from vigilance.evidence.models import Evidence
from vigilance.indicators.normalise import display, type_label
from vigilance.intake.models import Report, Sighting

PER_PAGE = 50


@dataclass(frozen=True)
class CaseIdentifier:
    """One identifier named by the case's reports, and how many of them name it."""

    type: str
    value: str
    shown: str
    report_count: int

    @property
    def type_label(self) -> str:
        return type_label(self.type)


@dataclass(frozen=True)
class LinkedCase:
    """A case linked to this one; only its organisation if the reader may not see it."""

    number: str
    organisation: str
    reason: str
    is_visible: bool
    title: str = ""
    public_id: str = ""


@dataclass
class CaseDetail:
    case: Case
    reports: list[Report]
    identifiers: list[CaseIdentifier]
    evidence: list[Evidence]
    tasks: list[CaseTask]
    notes: list[CaseNote]
    events: list[CaseEvent]
    timeline: list[TimelineEntry]
    shares: list[CaseShare]
    links: list[LinkedCase] = field(default_factory=list)
    # What the reader may do on the case (``access.CaseAction`` values): what pages offer.
    actions: frozenset[str] = frozenset()


def case_list_for_user(
    *,
    user: User,
    status: str = "",
    unit: str = "",
    priority: int | None = None,
    opened_from: dt.date | None = None,
    opened_to: dt.date | None = None,
    mine: bool = False,
    page: int | str = 1,
    per_page: int = PER_PAGE,
) -> Page[Case]:
    """One page of the cases the user may see, newest first (the primary key's order, which
    follows the opening order and needs no sort), narrowed by the filters given; days are the
    platform's local days, both ends included."""
    cases = access.cases_visible_to(user)
    if status:
        if status == "active":
            cases = cases.exclude(status=CaseStatus.CLOSED)
        else:
            cases = cases.filter(status=status)
    if unit:
        cases = cases.filter(owning_unit__code=unit)
    if priority is not None:
        cases = cases.filter(priority=priority)
    cases = within_days(cases, field="opened_at", start=opened_from, end=opened_to)
    if mine:
        open_task = CaseTask.objects.filter(
            case_id=OuterRef("pk"), assignee=user, done_at__isnull=True
        )
        cases = cases.filter(Q(lead=user) | Exists(open_task))
    cases = cases.select_related("owning_unit__organisation", "lead").order_by("-pk")
    return Paginator(cases, per_page).get_page(page)


def case_get_by_number_for_user(*, user: User, number: str) -> Case:
    """A case named by its number (CAS-YYYY-NNNNNN), if the user may see it; NotFound otherwise."""
    case = (
        access.cases_visible_to(user)
        .select_related("owning_unit")
        .filter(number=number.strip().upper())
        .first()
    )
    if case is None:
        raise NotFound
    return case


def report_get_by_reference_for_user(*, user: User, reference: str) -> Report:
    """A report named by its reference (VIG-YYYY-NNNNNN), if the user may see it."""
    report = access.reports_visible_to(user).filter(reference=reference.strip().upper()).first()
    if report is None:
        raise NotFound
    return report


def _identifiers(case: Case) -> list[CaseIdentifier]:
    rows = (
        Sighting.objects.filter(report__case_link__case=case)
        .values("type", "value")
        .annotate(report_count=Count("report", distinct=True))
        .order_by("-report_count", "type", "value")
    )
    return [
        CaseIdentifier(
            type=row["type"],
            value=row["value"],
            shown=display(row["type"], row["value"]),
            report_count=row["report_count"],
        )
        for row in rows
    ]


def _links(user: User, case: Case) -> list[LinkedCase]:
    links = CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).select_related(
        "from_case__owning_unit__organisation", "to_case__owning_unit__organisation"
    )
    others = [
        (link.to_case if link.from_case_id == case.pk else link.from_case, link) for link in links
    ]
    visible = set(
        access.cases_visible_to(user)
        .filter(pk__in=[other.pk for other, _ in others])
        .values_list("pk", flat=True)
    )
    result = []
    for other, link in sorted(others, key=lambda pair: pair[0].number):
        is_visible = other.pk in visible
        result.append(
            LinkedCase(
                number=other.number if is_visible else "",
                organisation=other.owning_unit.organisation.name,
                reason=link.reason if is_visible else "",
                is_visible=is_visible,
                title=other.title if is_visible else "",
                public_id=str(other.public_id) if is_visible else "",
            )
        )
    return result


def case_detail(*, user: User, case: Case) -> CaseDetail:
    """Everything the case page shows, for a case the caller fetched through the gate."""
    reports = list(
        Report.objects.filter(case_link__case=case)
        .select_related("category", "region", "unit")
        .order_by("submitted_at", "pk")
    )
    # The reports' files, and those partners sent in answer to the case's requisitions.
    evidence = list(
        Evidence.objects.filter(
            Q(reports__case_link__case=case) | Q(requisition_answers__case=case),
            is_attached=True,
            deleted_at__isnull=True,
        )
        .distinct()
        .order_by("received_at", "pk")
    )
    events = list(CaseEvent.objects.filter(case=case).select_related("actor"))
    return CaseDetail(
        case=case,
        reports=reports,
        identifiers=_identifiers(case),
        evidence=evidence,
        tasks=list(CaseTask.objects.filter(case=case).select_related("assignee")),
        notes=list(CaseNote.objects.filter(case=case).select_related("author")),
        events=events,
        timeline=timeline_entries(events),
        shares=list(
            CaseShare.objects.filter(
                case=case, revoked_at__isnull=True, expires_at__gt=timezone.now()
            ).select_related("unit", "organisation", "user")
        ),
        links=_links(user, case),
        actions=access.case_actions_allowed(user, case),
    )


def assignable_users(case: Case) -> list[User]:
    """Active members of the owning unit whose roles let them work on cases."""
    members = User.objects.filter(unit_id=case.owning_unit_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )
    return [member for member in members if can(member, Permission.WORK_CASE)]


def case_reports_choices(case: Case) -> QuerySet[Report]:
    return Report.objects.filter(case_link__case=case).order_by("submitted_at", "pk")
