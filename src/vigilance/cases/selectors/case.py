"""Reading cases for the case list, the case page and the API, always through the need-to-know
gate of ``cases.access``, in a bounded number of queries whatever the size of the case."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

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
from vigilance.cases.selectors.keyset import KeysetPage, keyset_page
from vigilance.cases.selectors.timeline import TimelineEntry, timeline_entries
from vigilance.cases.selectors.workspace import BoundedCount, bounded_count
from vigilance.core.errors import NotFound
from vigilance.evidence.models import Evidence
from vigilance.indicators.normalise import display, type_label
from vigilance.intake.models import Report, Sighting

PER_PAGE = 50
# "1000+ cases" rather than an exact count of a large set.
LIST_COUNT_CAP = 1000
CASE_LIST_SALT = "vigilance.cases.list"
# What the case page and the case API show of a large case; the rest is a link away.
REPORTS_SHOWN = 50
IDENTIFIERS_SHOWN = 50
EVIDENCE_SHOWN = 100
EVENTS_SHOWN = 200


@dataclass(frozen=True)
class CaseList:
    page: KeysetPage[Case]
    count: BoundedCount

    @property
    def object_list(self) -> list[Case]:
        return self.page.items


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
    # How many there are in all, when the lists above show only the first (or latest) ones.
    reports_total: BoundedCount | None = None
    identifiers_total: BoundedCount | None = None
    evidence_total: BoundedCount | None = None
    events_total: BoundedCount | None = None

    @property
    def reports_more(self) -> bool:
        return _more(self.reports_total, len(self.reports))

    @property
    def identifiers_more(self) -> bool:
        return _more(self.identifiers_total, len(self.identifiers))

    @property
    def evidence_more(self) -> bool:
        return _more(self.evidence_total, len(self.evidence))

    @property
    def events_more(self) -> bool:
        return _more(self.events_total, len(self.events))


def _more(total: BoundedCount | None, shown: int) -> bool:
    return total is not None and (total.is_capped or total.value > shown)


def _bounded(rows: list[Any], shown: int, count: QuerySet[Any, Any]) -> BoundedCount:
    """The total of a list read with ``LIMIT shown + 1``: counted (bounded) only when cut."""
    if len(rows) <= shown:
        return BoundedCount(value=len(rows), is_capped=False, cap=LIST_COUNT_CAP)
    return bounded_count(count, cap=LIST_COUNT_CAP)


def case_list_for_user(
    *,
    user: User,
    status: str = "",
    unit: str = "",
    priority: int | None = None,
    opened_from: dt.date | None = None,
    opened_to: dt.date | None = None,
    mine: bool = False,
    cursor: str = "",
    per_page: int = PER_PAGE,
) -> CaseList:
    """One keyset page of the cases the user may see, newest first (the primary key's order,
    which follows the opening order and needs no sort), narrowed by the filters given, and how
    many match up to ``LIST_COUNT_CAP``; days are the platform's local days, both ends
    included. A broken cursor raises ``InvalidAction``."""
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
    return CaseList(
        page=keyset_page(
            cases.select_related("owning_unit__organisation", "lead"),
            cursor=cursor,
            per_page=per_page,
            salt=CASE_LIST_SALT,
        ),
        count=bounded_count(cases, cap=LIST_COUNT_CAP),
    )


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


def _identifiers(case: Case) -> tuple[list[CaseIdentifier], BoundedCount]:
    """The identifiers most named in the case's reports first, at most ``IDENTIFIERS_SHOWN``."""
    named = Sighting.objects.filter(report__case_link__case=case).values("type", "value")
    rows = list(
        named.annotate(report_count=Count("report", distinct=True)).order_by(
            "-report_count", "type", "value"
        )[: IDENTIFIERS_SHOWN + 1]
    )
    identifiers = [
        CaseIdentifier(
            type=row["type"],
            value=row["value"],
            shown=display(row["type"], row["value"]),
            report_count=row["report_count"],
        )
        for row in rows[:IDENTIFIERS_SHOWN]
    ]
    if len(rows) <= IDENTIFIERS_SHOWN:
        return identifiers, BoundedCount(value=len(rows), is_capped=False, cap=LIST_COUNT_CAP)
    # Distinct (type, value) pairs, counted up to the cap (not the sightings).
    value = named.order_by().distinct()[: LIST_COUNT_CAP + 1].count()
    total = BoundedCount(
        value=min(value, LIST_COUNT_CAP), is_capped=value > LIST_COUNT_CAP, cap=LIST_COUNT_CAP
    )
    return identifiers, total


def _links(user: User, case: Case) -> list[LinkedCase]:
    links = CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).select_related(
        "from_case__owning_unit__organisation", "to_case__owning_unit__organisation"
    )
    others = [
        (link.to_case if link.from_case_id == case.pk else link.from_case, link) for link in links
    ]
    if not others:
        return []
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
    """Everything the case page shows, for a case the caller fetched through the gate, in a
    fixed number of queries: the first ``REPORTS_SHOWN`` reports, the most named identifiers, the
    first files and the latest events of a large case, with how many there are in all."""
    case_reports = Report.objects.filter(case_link__case=case)
    reports = list(
        case_reports.select_related("category", "region", "unit").order_by("submitted_at", "pk")[
            : REPORTS_SHOWN + 1
        ]
    )
    # The reports' files, and those partners sent in answer to the case's requisitions.
    files = Evidence.objects.filter(
        Q(reports__case_link__case=case) | Q(requisition_answers__case=case),
        is_attached=True,
        deleted_at__isnull=True,
    ).distinct()
    evidence = list(files.order_by("received_at", "pk")[: EVIDENCE_SHOWN + 1])
    # The latest events, shown oldest first as a timeline reads.
    case_events = CaseEvent.objects.filter(case=case)
    latest = list(case_events.select_related("actor").order_by("-at", "-id")[: EVENTS_SHOWN + 1])
    events = list(reversed(latest[:EVENTS_SHOWN]))
    identifiers, identifiers_total = _identifiers(case)
    return CaseDetail(
        case=case,
        reports=reports[:REPORTS_SHOWN],
        identifiers=identifiers,
        evidence=evidence[:EVIDENCE_SHOWN],
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
        reports_total=_bounded(reports, REPORTS_SHOWN, case_reports),
        identifiers_total=identifiers_total,
        evidence_total=_bounded(evidence, EVIDENCE_SHOWN, files),
        events_total=_bounded(latest, EVENTS_SHOWN, case_events),
    )


CASE_REPORTS_SALT = "vigilance.cases.case-reports"


def case_reports_page(
    *, case: Case, cursor: str = "", per_page: int = PER_PAGE
) -> KeysetPage[Report]:
    """Every report of a case the caller fetched through the gate, newest first, page by page."""
    return keyset_page(
        Report.objects.filter(case_link__case=case).select_related("category", "region"),
        cursor=cursor,
        per_page=per_page,
        salt=f"{CASE_REPORTS_SALT}.{case.pk}",
    )


def assignable_users(case: Case) -> list[User]:
    """Active members of the owning unit whose roles let them work on cases."""
    members = User.objects.filter(unit_id=case.owning_unit_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )
    return [member for member in members if can(member, Permission.WORK_CASE)]


def case_reports_choices(case: Case) -> QuerySet[Report]:
    return Report.objects.filter(case_link__case=case).order_by("submitted_at", "pk")


def no_such_person() -> str:
    """What sharing answers for any username it will not share with."""
    return gettext("No active staff member who may read cases has this username.")


def share_person_by_username(username: str) -> User | None:
    """The active staff member named ``username`` who may read cases, or None.

    Missing, disabled and unable to read cases all give None, so that sharing never tells
    whether some other account exists."""
    person = User.objects.filter(username=username.strip(), is_active=True).first()
    if person is None or not can(person, Permission.VIEW_CASES):
        return None
    return person
