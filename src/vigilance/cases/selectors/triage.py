"""Reading for triage: the queue, a unit's inbox, and the staff view of one report.

The queue walks the partial index ``report_triage_queue`` (``-priority, submitted_at`` over the
reports still ``received``) page by page with a keyset cursor: no OFFSET, no COUNT over the
table, a fixed number of queries per page whatever the number of reports. The page says how many
reports match its filters with one bounded count over the same index (``QUEUE_COUNT_CAP``).
"""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from vigilance.accounts.models import Unit, User
from vigilance.cases import access
from vigilance.cases.selectors.filters import within_days
from vigilance.cases.selectors.linked import NO_LINK, LinkedCount, linked_report_counts
from vigilance.core.errors import InvalidAction
from vigilance.evidence.models import Evidence
from vigilance.indicators.normalise import display, provider_label, type_label
from vigilance.intake.models import Report, ReportEvent, ReportStatus, Sighting, SightingSource

PER_PAGE = 50
QUEUE_COUNT_CAP = 1000


@dataclass(frozen=True)
class QueueRow:
    report: Report
    # Other reports naming one of its identifiers (their union), "1000+" beyond the cap.
    linked: LinkedCount = NO_LINK

    @property
    def shared_reports(self) -> int:
        return self.linked.value

    @property
    def suggested_unit(self) -> Unit | None:
        return self.report.unit

    @property
    def rule_name(self) -> str:
        rule = self.report.routing_rule
        return rule.name if rule is not None else ""


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; every filter left empty lets everything through."""

    category: str | None = None
    region: str | None = None
    unit: str | None = None
    priority_min: int | None = None
    priority_max: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None


@dataclass(frozen=True)
class QueueCount:
    """How many reports wait, up to ``QUEUE_COUNT_CAP``, shown as "1000+" beyond it."""

    value: int
    is_capped: bool

    def __str__(self) -> str:
        return f"{QUEUE_COUNT_CAP}+" if self.is_capped else str(self.value)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str


@dataclass(frozen=True)
class ShownIdentifier:
    type: str
    value: str
    shown: str
    role: str
    provider: str
    sighting_id: int = 0
    # Found in the narrative and not yet confirmed by an analyst.
    awaits_confirmation: bool = False

    @property
    def type_label(self) -> str:
        return type_label(self.type)

    @property
    def provider_label(self) -> str:
        return provider_label(self.provider)


@dataclass
class ReportDetail:
    report: Report
    identifiers: list[ShownIdentifier]
    evidence: list[Evidence]
    events: list[ReportEvent]
    informed_units: list[Unit]
    related: list[Report] = field(default_factory=list)
    in_case: bool = False

    @property
    def awaiting_confirmation(self) -> list[ShownIdentifier]:
        return [identifier for identifier in self.identifiers if identifier.awaits_confirmation]


def _cursor_encode(report: Report) -> str:
    raw = f"{report.priority}|{report.submitted_at.isoformat()}|{report.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[int, dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        priority, submitted, pk = raw.split("|")
        at = parse_datetime(submitted)
        if at is None:
            raise ValueError(submitted)
        return int(priority), at, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidAction(
            _("This page address is not valid: start again from the first page."),
            {"after": [_("This page address is not valid.")]},
        ) from error


def _queue_reports(
    user: User, filters: QueueFilters, reader: access.Reader | None = None
) -> QuerySet[Report]:
    reports = access.reports_visible_to(user, reader).filter(status=ReportStatus.RECEIVED)
    if filters.category:
        reports = reports.filter(category_id=filters.category)
    if filters.region:
        reports = reports.filter(region_id=filters.region)
    if filters.unit:
        reports = reports.filter(unit__code=filters.unit)
    if filters.priority_min is not None:
        reports = reports.filter(priority__gte=filters.priority_min)
    if filters.priority_max is not None:
        reports = reports.filter(priority__lte=filters.priority_max)
    return within_days(
        reports, field="submitted_at", start=filters.received_from, end=filters.received_to
    )


def triage_queue_count(*, user: User, filters: QueueFilters | None = None) -> QueueCount:
    """How many reports waiting for triage the user may see match the filters (bounded)."""
    matching = _queue_reports(user, filters or QueueFilters()).order_by()
    value = matching[: QUEUE_COUNT_CAP + 1].count()
    return QueueCount(value=min(value, QUEUE_COUNT_CAP), is_capped=value > QUEUE_COUNT_CAP)


def triage_queue(
    *,
    user: User,
    category: str | None = None,
    region: str | None = None,
    filters: QueueFilters | None = None,
    after: str = "",
    per_page: int = PER_PAGE,
) -> QueuePage:
    """The reports waiting for triage that the user may see, most urgent first, one page.
    ``category`` and ``region`` are shorthands for the same fields of ``filters``."""
    filters = filters or QueueFilters(category=category, region=region)
    reader = access.reader_resolve(user)
    reports = _queue_reports(user, filters, reader)
    if after:
        priority, submitted_at, pk = _cursor_decode(after)
        reports = reports.filter(
            Q(priority__lte=priority)
            & (
                Q(priority__lt=priority)
                | Q(submitted_at__gt=submitted_at)
                | Q(submitted_at=submitted_at, pk__gt=pk)
            )
        )
    page = list(
        reports.select_related("category", "region", "unit__organisation", "routing_rule").order_by(
            "-priority", "submitted_at", "pk"
        )[: per_page + 1]
    )
    more = len(page) > per_page
    page = page[:per_page]
    linked = linked_report_counts(
        (report.pk for report in page),
        reader=reader,
        submitted_from=min((report.submitted_at for report in page), default=None),
    )
    return QueuePage(
        rows=[QueueRow(report=report, linked=linked.get(report.pk, NO_LINK)) for report in page],
        next_cursor=_cursor_encode(page[-1]) if more else "",
    )


def unit_inbox(*, user: User, limit: int = PER_PAGE) -> list[Report]:
    """Reports routed to the user's unit and not yet in a case, newest first."""
    if user.unit_id is None:
        return []
    return list(
        access.reports_visible_to(user)
        .filter(unit_id=user.unit_id, status=ReportStatus.TRIAGED)
        .select_related("category", "region", "unit")
        .order_by("-submitted_at")[:limit]
    )


def report_related_for_user(*, user: User, report: Report, limit: int = 20) -> list[Report]:
    """Other reports naming one of this report's identifiers, among those the user may see."""
    pairs = set(report.identifiers.values_list("type", "value"))
    if not pairs:
        return []
    condition = Q()
    for kind, value in pairs:
        condition |= Q(type=kind, value=value)
    naming = Sighting.objects.filter(condition).exclude(report_id=report.pk)
    return list(
        access.reports_visible_to(user)
        .filter(pk__in=naming.values("report_id"))
        .select_related("category", "region")
        .order_by("-submitted_at")[:limit]
    )


def report_detail(*, user: User, report_id: str) -> ReportDetail:
    """Everything the report page shows, through the need-to-know gate (NotFound otherwise)."""
    report = access.report_get_for_user(user=user, report_id=report_id)
    identifiers = [
        ShownIdentifier(
            type=item.type,
            value=item.value,
            shown=display(item.type, item.value),
            role=item.get_role_display(),
            provider=item.provider,
            sighting_id=item.pk,
            awaits_confirmation=item.source == SightingSource.EXTRACTED and not item.is_counted,
        )
        for item in report.identifiers.order_by("id")
    ]
    return ReportDetail(
        report=report,
        identifiers=identifiers,
        evidence=list(report.evidence.filter(deleted_at__isnull=True, is_attached=True)),
        events=list(report.events.filter(is_public=True).select_related("organisation")),
        informed_units=list(report.informed_units.select_related("organisation").order_by("code")),
        related=report_related_for_user(user=user, report=report),
        in_case=hasattr(report, "case_link"),
    )


def active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("organisation").order_by("code")
