"""Clusters: the reports that name the same indicators, directly or through other reports.

The walk is breadth-first from a report (or all the reports of a case), one hop being "the
indicators these reports are linked to" then "the reports linked to those indicators"; each hop
is one query through an index (the sighting's report foreign key, then, on PostgreSQL, the
covering ``(type, value, report_id)``), and the walk stops at fixed bounds, saying so. However
many reports name one indicator (a mobile-money account named 100,000 times), a hop reads at
most the bound plus one of them per indicator, in report order: nothing grows with the
indicator's size. How many reports the reader may see name each indicator, and those reports
page by page, come from ``selectors.cluster_reports``. Sightings without an indicator (beyond
the per-value cap, or found in a narrative and not yet confirmed) and warning-listed indicators
link nothing.

Need-to-know is decided for every report with the gate of ``cases.access``, the reader's units
and shares read once per walk (``access.reader_resolve``): a report outside it shows only that
it exists and who owns it, and an indicator only restricted reports name shows no value. Each
report carries an opaque key, different for every reader, by which the reader may ask for
access without learning the report's reference or address.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigilance.accounts.models import Organisation, OrganisationKind, User
from vigilance.cases import access
from vigilance.cases.models import AccessRequest, Case
from vigilance.cases.selectors.cluster_reports import (
    ReportCount,
    VisibleCounts,
    visible_report_counts,
)
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators.models import Indicator
from vigilance.indicators.normalise import display, type_label
from vigilance.intake.identifier_reports import reports_naming
from vigilance.intake.models import IdentifierRole, Report, Sighting, SightingSource


@dataclass(frozen=True)
class ClusterLimits:
    depth: int = 4
    reports: int = 200
    indicators: int = 300


LIMITS = ClusterLimits()


@dataclass(frozen=True)
class ClusterReport:
    """A report of the cluster. Outside the reader's need-to-know only ``key``, the owner and
    whether access was already asked for are filled in."""

    key: str
    is_visible: bool
    is_start: bool
    owner_organisation: str
    owner_unit: str
    in_case: bool
    access_requested: bool = False
    reference: str = ""
    public_id: str = ""
    category: str = ""
    region: str = ""
    submitted_at: dt.datetime | None = None
    unit: str = ""
    case_number: str = ""
    case_public_id: str = ""


@dataclass(frozen=True)
class ClusterIndicator:
    """An indicator of the cluster; ``is_known`` when a report the reader sees names it, else
    only its key is filled in."""

    key: str
    is_known: bool
    type: str = ""
    type_label: str = ""
    shown: str = ""
    status: str = ""
    status_label: str = ""
    # Reports the reader may see that name it, drawn or not; never a count of the others.
    # A floor ("N+") when the reports kept for the identifier stop before its last one.
    visible_report_count: int = 0
    visible_report_count_is_floor: bool = False
    # The indicator's own page, for those whose role may open it; 0 when not known.
    indicator_id: int = 0

    @property
    def visible_report_count_label(self) -> str:
        return str(ReportCount(self.visible_report_count, self.visible_report_count_is_floor))


@dataclass(frozen=True)
class ClusterEdge:
    report_key: str
    indicator_key: str
    role: str = ""
    role_label: str = ""


@dataclass
class Cluster:
    reports: list[ClusterReport]
    indicators: list[ClusterIndicator]
    edges: list[ClusterEdge]
    is_truncated: bool
    # Reports the reader may see that name an identifier of the cluster, drawn or not.
    visible_report_total: int = 0
    visible_report_total_is_floor: bool = False
    # key -> primary key of the reports the reader may not see, to resolve a request for access.
    restricted: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def visible_report_total_label(self) -> str:
        return str(ReportCount(self.visible_report_total, self.visible_report_total_is_floor))


@dataclass
class _Walk:
    reports: list[int]
    indicators: list[int]
    links: dict[tuple[int, int], str]  # (report, indicator) -> role
    is_truncated: bool
    pairs: dict[int, tuple[str, str]] = field(default_factory=dict)  # indicator -> (type, value)


def _linked(condition: Q) -> Iterable[tuple[int, int, str, str, str]]:
    """The reports' linked sightings, with their identifier's type and value."""
    return (
        Sighting.objects.filter(condition, indicator__isnull=False)
        .exclude(indicator__is_warning_listed=True)
        .values_list("report_id", "indicator_id", "role", "indicator__type", "indicator__value")
        .order_by("indicator_id", "report_id", "pk")
    )


# PostgreSQL: one part per identifier, read in report order through the covering index
# ``(type, value, report_id)`` (intake 0013) and stopped at the limit. The link is checked on
# each row read; it always follows the value (``intake.correlation`` links a sighting only to the
# indicator of its value), which the planner cannot know: it underestimates the rows and would
# read and sort them all. Sorting is turned off for the statement (``+ 0`` keeps it off the
# ``indicator_id`` index), which leaves the partitions' index scans merged in report order.
_NAMED_BY_PART = (
    "(SELECT report_id, indicator_id, role FROM intake_sighting"
    " WHERE type = %s AND value = %s AND indicator_id + 0 = %s ORDER BY report_id LIMIT %s)"
)


def _named_by(indicators: list[tuple[int, str, str]], limit: int) -> Iterable[tuple[int, int, str]]:
    """The first ``limit`` sightings of each indicator (id, type, value), by report: however
    many reports name one (a value seen 100,000 times), the database reads and returns a
    bounded number of rows."""
    if connection.vendor == "postgresql":
        parameters: list[int | str] = []
        for indicator_id, type_, value in indicators:
            parameters += [type_, value, indicator_id, limit]
        in_callers_transaction = connection.in_atomic_block
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(" UNION ALL ".join([_NAMED_BY_PART] * len(indicators)), parameters)
            rows = [(int(r), int(i), str(role)) for r, i, role in cursor.fetchall()]
            if in_callers_transaction:
                # Back to the session's setting for whatever the caller's transaction runs next.
                cursor.execute("RESET enable_sort")
        return sorted(rows, key=lambda row: (row[1], row[0]))
    # Elsewhere (SQLite: tests and demonstrations) a window ranks every linked sighting.
    first = Window(
        RowNumber(), partition_by=[F("indicator_id")], order_by=[F("report_id"), F("pk")]
    )
    return (
        Sighting.objects.filter(indicator_id__in=[pk for pk, _type, _value in indicators])
        .annotate(rank=first)
        .filter(rank__lte=limit)
        .values_list("report_id", "indicator_id", "role")
        .order_by("indicator_id", "report_id", "pk")
    )


def _walk(start: list[int], limits: ClusterLimits, *, until: int = 0) -> _Walk:
    """Breadth-first from ``start``; a fixed number of queries whatever the cluster's size.
    With ``until``, stops as soon as that indicator is reached: the walk is the same up to that
    point, so it is in the cluster if and only if it is in the walk returned."""
    reports = list(dict.fromkeys(start))
    is_truncated = len(reports) > limits.reports
    reports = reports[: limits.reports]
    seen_reports, seen_indicators = set(reports), set[int]()
    indicators: list[int] = []
    pairs: dict[int, tuple[str, str]] = {}
    links: dict[tuple[int, int], str] = {}
    frontier = reports
    for _hop in range(limits.depth):
        if not frontier:
            break
        new_indicators = []
        for report_id, indicator_id, role, type_, value in _linked(Q(report_id__in=frontier)):
            if indicator_id not in seen_indicators:
                if len(indicators) >= limits.indicators:
                    is_truncated = True
                    continue
                seen_indicators.add(indicator_id)
                indicators.append(indicator_id)
                pairs[indicator_id] = (type_, value)
                new_indicators.append((indicator_id, type_, value))
            links.setdefault((report_id, indicator_id), role)
        frontier = []
        if not new_indicators or until in seen_indicators:
            break
        # The bound plus one report per indicator is enough to find every new report that fits
        # and to know whether the bound is hit.
        limit = limits.reports + 1
        rows = list(_named_by(new_indicators, limit))
        named = Counter(indicator_id for _report, indicator_id, _role in rows)
        # An indicator that filled its share may name more reports than were read.
        is_truncated = is_truncated or limit in named.values()
        for report_id, indicator_id, role in rows:
            if report_id not in seen_reports:
                if len(reports) >= limits.reports:
                    is_truncated = True
                    continue
                seen_reports.add(report_id)
                reports.append(report_id)
                frontier.append(report_id)
            links.setdefault((report_id, indicator_id), role)
    if frontier:
        # The last reports reached were not walked: their links to indicators already in the
        # cluster are drawn, and any other indicator means the cluster goes on beyond the bound.
        for report_id, indicator_id, role, _type, _value in _linked(Q(report_id__in=frontier)):
            if indicator_id in seen_indicators:
                links.setdefault((report_id, indicator_id), role)
            else:
                is_truncated = True
    return _Walk(
        reports=reports, indicators=indicators, links=links, is_truncated=is_truncated, pairs=pairs
    )


def cluster_start(
    *, reader: access.Reader, subject: Report | Case, limits: ClusterLimits = LIMITS
) -> list[int]:
    """The reports a cluster is walked from: a report the reader sees, or the reports of a case
    they stand on (NotFound otherwise, as for a missing one)."""
    if isinstance(subject, Case):
        access.require_case_standing(reader.user, subject)
        return list(
            Report.objects.filter(case_link__case=subject)
            .order_by("submitted_at", "pk")
            .values_list("pk", flat=True)[: limits.reports + 1]
        )
    if subject.pk not in access.reports_visible_among(reader, [subject.pk]):
        raise NotFound
    return [subject.pk]


def cluster_holds_indicator(
    *, start: list[int], indicator_id: int, limits: ClusterLimits = LIMITS
) -> bool:
    """Whether the cluster walked from ``start`` reaches this indicator: the walk's own
    statements, stopped at the hop that reaches it (one for an identifier the start names),
    without its reports' rows nor anyone's need-to-know."""
    return indicator_id in _walk(start, limits, until=indicator_id).indicators


def report_key(user: User, report_id: int) -> str:
    """The reader's own opaque name for a report of a cluster."""
    return "r" + salted_hmac("cases.cluster.report", f"{user.pk}:{report_id}").hexdigest()[:20]


def _indicator_key(indicator_id: int) -> str:
    return f"i{indicator_id}"


def _coordination_centre_name() -> str:
    centre = Organisation.objects.filter(kind=OrganisationKind.COORDINATION_CENTRE).first()
    return centre.name if centre is not None else ""


@dataclass(frozen=True)
class _ReportRow:
    """What the cluster shows of a report, read as plain values (no model instances: a walk
    holds up to 200 reports, each with five related rows)."""

    pk: int
    reference: str
    public_id: str
    category: str
    region: str
    submitted_at: dt.datetime
    unit: str
    unit_organisation: str
    case_id: int | None
    case_number: str
    case_public_id: str
    case_unit_id: int | None
    case_unit: str
    case_unit_organisation: str


def _report_rows(report_ids: list[int]) -> dict[int, _ReportRow]:
    """The walk's reports in one statement, names in the active language."""
    lang = "en" if (get_language() or "fr").startswith("en") else "fr"
    case = "case_link__case__"
    rows = Report.objects.filter(pk__in=report_ids).values_list(
        "pk",
        "reference",
        "public_id",
        f"category__name_{lang}",
        f"region__name_{lang}",
        "submitted_at",
        f"unit__name_{lang}",
        f"unit__organisation__name_{lang}",
        f"{case}id",
        f"{case}number",
        f"{case}public_id",
        f"{case}owning_unit_id",
        f"{case}owning_unit__name_{lang}",
        f"{case}owning_unit__organisation__name_{lang}",
    )
    loaded = {}
    for row in rows:
        (pk, reference, public_id, category, region, submitted_at, unit, unit_organisation,
         case_id, case_number, case_public_id, case_unit_id, case_unit,
         case_unit_organisation) = row  # fmt: skip
        loaded[pk] = _ReportRow(
            pk=pk,
            reference=reference,
            public_id=str(public_id),
            category=category,
            region=region,
            submitted_at=submitted_at,
            unit=unit or "",
            unit_organisation=unit_organisation or "",
            case_id=case_id,
            case_number=case_number or "",
            case_public_id=str(case_public_id) if case_public_id else "",
            case_unit_id=case_unit_id,
            case_unit=case_unit or "",
            case_unit_organisation=case_unit_organisation or "",
        )
    return loaded


def _owner(report: _ReportRow, centre: str) -> tuple[str, str]:
    """Who holds the report: the case's owning unit, else the unit it was routed to, else the
    coordination centre (still in triage)."""
    if report.case_id is not None:
        organisation, unit = report.case_unit_organisation, report.case_unit
    else:
        organisation, unit = report.unit_organisation, report.unit
    return (organisation, unit) if unit else (centre, "")


def _build(
    reader: access.Reader, start: list[int], limits: ClusterLimits, *, start_visible: bool
) -> Cluster:
    """The cluster walked from ``start``; with ``start_visible``, NotFound unless the reader
    sees every starting report (decided in the walk's own need-to-know check)."""
    user = reader.user
    walk = _walk(start, limits)
    loaded = _report_rows(walk.reports)
    # The reports kept for each identifier are read first, so that one need-to-know check
    # decides the walk's reports and those the counts take.
    naming = reports_naming(set(walk.pairs.values()))
    kept_ids: set[int] = set().union(*naming.values())
    visible = access.reports_visible_among(reader, kept_ids.union(walk.reports, start))
    if start_visible and not visible.issuperset(start):
        raise NotFound
    visible_cases = _cases_visible_among(reader, loaded.values())
    hidden = [pk for pk in walk.reports if pk not in visible]
    requested = set(
        AccessRequest.objects.filter(
            requester=user, report_id__in=hidden, answered_at__isnull=True
        ).values_list("report_id", flat=True)
    )
    centre = _coordination_centre_name() if hidden else ""
    start_ids = set(start)
    keys = {pk: report_key(user, pk) for pk in walk.reports}
    reports, restricted = [], {}
    for pk in walk.reports:
        report, key = loaded[pk], keys[pk]
        organisation, unit = _owner(report, centre)
        in_case = report.case_id is not None
        if pk not in visible:
            restricted[key] = pk
            reports.append(
                ClusterReport(
                    key=key,
                    is_visible=False,
                    is_start=False,
                    owner_organisation=organisation,
                    owner_unit=unit,
                    in_case=in_case,
                    access_requested=pk in requested,
                )
            )
            continue
        case_shown = in_case and report.case_id in visible_cases
        reports.append(
            ClusterReport(
                key=key,
                is_visible=True,
                is_start=pk in start_ids,
                owner_organisation=organisation,
                owner_unit=unit,
                in_case=in_case,
                reference=report.reference,
                public_id=report.public_id,
                category=report.category,
                region=report.region,
                submitted_at=report.submitted_at,
                unit=report.unit,
                case_number=report.case_number if case_shown else "",
                case_public_id=report.case_public_id if case_shown else "",
            )
        )
    known = {indicator for (pk, indicator) in walk.links if pk in visible}
    named = Indicator.objects.in_bulk([pk for pk in walk.indicators if pk in known])
    counts = visible_report_counts(indicators=list(named.values()), naming=naming, visible=visible)
    return Cluster(
        reports=reports,
        indicators=_indicators(walk.indicators, named, counts),
        edges=_edges(keys, walk.links, visible),
        is_truncated=walk.is_truncated,
        restricted=restricted,
        visible_report_total=counts.total.value,
        visible_report_total_is_floor=counts.total.is_floor,
    )


def _indicators(
    indicator_ids: list[int], loaded: dict[int, Indicator], counts: VisibleCounts
) -> list[ClusterIndicator]:
    result = []
    for pk in indicator_ids:
        indicator = loaded.get(pk)
        if indicator is None:
            result.append(ClusterIndicator(key=_indicator_key(pk), is_known=False))
            continue
        count = counts.by_indicator.get(pk, ReportCount())
        result.append(
            ClusterIndicator(
                key=_indicator_key(pk),
                is_known=True,
                indicator_id=indicator.pk,
                type=indicator.type,
                type_label=type_label(indicator.type),
                shown=display(indicator.type, indicator.value),
                status=indicator.status,
                status_label=indicator.get_status_display(),
                visible_report_count=count.value,
                visible_report_count_is_floor=count.is_floor,
            )
        )
    return result


def _edges(
    keys: dict[int, str], links: dict[tuple[int, int], str], visible: set[int]
) -> list[ClusterEdge]:
    roles = dict(IdentifierRole.choices)
    edges = []
    for (report_id, indicator_id), role in links.items():
        # Whose identifier it is (suspect, victim) is part of a report the reader may not see.
        shown_role = role if report_id in visible else ""
        edges.append(
            ClusterEdge(
                report_key=keys[report_id],
                indicator_key=_indicator_key(indicator_id),
                role=shown_role,
                role_label=str(roles.get(shown_role, "")),
            )
        )
    return edges


def _cases_visible_among(reader: access.Reader, reports: Iterable[_ReportRow]) -> set[int]:
    """Which of the walk's cases the reader may see, from the cases read with their reports:
    only the shared ones not of the reader's units need the share list."""
    owning = {report.case_id: report.case_unit_id for report in reports if report.case_id}
    if reader.sees_nothing or not owning:
        return set()
    if reader.sees_everything:
        return set(owning)
    units = set(reader.unit_ids)
    owned = {case_id for case_id, unit_id in owning.items() if unit_id in units}
    rest = set(owning) - owned
    if not rest:
        return owned
    shared = reader.shared_case_ids
    if isinstance(shared, list):
        return owned | (rest & set(shared))
    return owned | set(
        Case.objects.filter(pk__in=rest).filter(pk__in=shared).values_list("pk", flat=True)
    )


def report_cluster(
    *,
    user: User,
    report: Report,
    limits: ClusterLimits | None = None,
    reader: access.Reader | None = None,
) -> Cluster:
    """The cluster of a report the user sees (NotFound otherwise, as for a missing report);
    ``reader`` when the caller resolved it already."""
    reader = reader or access.reader_resolve(user)
    return _build(reader, [report.pk], limits or LIMITS, start_visible=True)


def case_cluster(
    *,
    user: User,
    case: Case,
    limits: ClusterLimits | None = None,
    reader: access.Reader | None = None,
) -> Cluster:
    """The cluster of all the reports of a case the caller fetched through the gate (NotFound
    for someone who stands nowhere on it); ``reader`` when the caller resolved it already."""
    reader = reader or access.reader_resolve(user)
    limits = limits or LIMITS
    start = cluster_start(reader=reader, subject=case, limits=limits)
    return _build(reader, start, limits, start_visible=False)


def sighting_awaiting_confirmation_get(*, report: Report, sighting_id: int) -> Sighting:
    """An identifier found in this report's narrative and not yet confirmed; NotFound otherwise
    (another report's, typed by the reporter, or already confirmed)."""
    sighting = report.identifiers.filter(
        pk=sighting_id, source=SightingSource.EXTRACTED, is_counted=False
    ).first()
    if sighting is None:
        raise NotFound
    return sighting


def cluster_restricted_report(*, cluster: Cluster, key: str) -> Report:
    """The report of the cluster that the reader may not see and names by ``key``, so that they
    can ask for access to it; InvalidAction if there is none (any more)."""
    report_id = cluster.restricted.get(key)
    report = Report.objects.filter(pk=report_id).first() if report_id is not None else None
    if report is None:
        message = _("This report is no longer in the cluster, or you can already see it.")
        raise InvalidAction(message, {"node": [message]})
    return report
