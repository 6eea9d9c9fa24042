"""Clusters: the reports that name the same indicators, directly or through other reports.

The cluster is walked from a report (or all the reports of a case) within fixed bounds, saying
so (``selectors.cluster_walk``), and its reports read in one statement with who holds each
(``selectors.cluster_rows``). How many reports the reader may see name each indicator, and
those reports page by page, come from ``selectors.cluster_reports``.

Need-to-know is decided for every report with the gate of ``cases.access``, the reader's units
and shares read once per walk (``access.reader_resolve``): a report outside it shows only that
it exists and who owns it, and an indicator only restricted reports name shows no value. Each
report carries an opaque key, different for every reader, by which the reader may ask for
access without learning the report's reference or address.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.cases.models import AccessRequest, Case
from vigilance.cases.selectors.cluster_reports import (
    ReportCount,
    VisibleCounts,
    visible_report_counts,
)
from vigilance.cases.selectors.cluster_rows import (
    cases_visible_among,
    coordination_centre_name,
    report_owner,
    report_rows,
)
from vigilance.cases.selectors.cluster_walk import LIMITS, ClusterLimits, cluster_walk
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators.models import Indicator
from vigilance.indicators.normalise import display, type_label
from vigilance.intake.identifier_reports import reports_naming
from vigilance.intake.models import IdentifierRole, Report, Sighting, SightingSource


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
    return indicator_id in cluster_walk(start, limits, until=indicator_id).indicators


def report_key(user: User, report_id: int) -> str:
    """The reader's own opaque name for a report of a cluster."""
    return "r" + salted_hmac("cases.cluster.report", f"{user.pk}:{report_id}").hexdigest()[:20]


def _indicator_key(indicator_id: int) -> str:
    return f"i{indicator_id}"


def _build(
    reader: access.Reader, start: list[int], limits: ClusterLimits, *, start_visible: bool
) -> Cluster:
    """The cluster walked from ``start``; with ``start_visible``, NotFound unless the reader
    sees every starting report (decided in the walk's own need-to-know check)."""
    user = reader.user
    walk = cluster_walk(start, limits)
    loaded = report_rows(walk.reports)
    # The reports kept for each identifier are read first, so that one need-to-know check
    # decides the walk's reports and those the counts take.
    naming = reports_naming(set(walk.pairs.values()))
    kept_ids: set[int] = set().union(*naming.values())
    visible = access.reports_visible_among(reader, kept_ids.union(walk.reports, start))
    if start_visible and not visible.issuperset(start):
        raise NotFound
    visible_cases = cases_visible_among(reader, loaded.values())
    hidden = [pk for pk in walk.reports if pk not in visible]
    requested = set(
        AccessRequest.objects.filter(
            requester=user, report_id__in=hidden, answered_at__isnull=True
        ).values_list("report_id", flat=True)
    )
    centre = coordination_centre_name() if hidden else ""
    start_ids = set(start)
    keys = {pk: report_key(user, pk) for pk in walk.reports}
    reports, restricted = [], {}
    for pk in walk.reports:
        report, key = loaded[pk], keys[pk]
        organisation, unit = report_owner(report, centre)
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
