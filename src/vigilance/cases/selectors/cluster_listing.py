"""One identifier's reports under a cluster's page, without drawing the cluster again.

The identifier's key must name an indicator the cluster reaches (the walk's own statements,
stopped at the hop that reaches it: one for an identifier the starting reports name) and a
report the reader may see must name it, else NotFound, as for a key that names nothing. The
count and the page of reports are then read with the reader's need-to-know in SQL
(``selectors.cluster_reports``): a fixed number of statements however large the cluster.
"""

from dataclasses import dataclass

from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.cases.models import Case
from vigilance.cases.selectors.cluster import (
    LIMITS,
    ClusterLimits,
    cluster_holds_indicator,
    cluster_start,
)
from vigilance.cases.selectors.cluster_reports import (
    PAGE_SIZE,
    IndicatorReportPage,
    ReportCount,
    indicator_key_id,
    indicator_named,
    known_indicator_reports_page,
    visible_report_count,
)
from vigilance.core.errors import NotFound
from vigilance.indicators.normalise import display, type_label
from vigilance.intake.models import Report


@dataclass(frozen=True)
class IdentifierListing:
    """An identifier of a cluster, how many reports the reader may see name it, and one page
    of those reports."""

    key: str
    shown: str
    type_label: str
    count: ReportCount
    page: IndicatorReportPage


def cluster_identifier_listing(
    *,
    user: User,
    subject: Report | Case,
    key: str,
    cursor: str = "",
    size: int = PAGE_SIZE,
    limits: ClusterLimits = LIMITS,
    reader: access.Reader | None = None,
) -> IdentifierListing:
    """The reports the reader may see that name the identifier ``key`` of the cluster of
    ``subject`` (a report or case fetched through the gate), after ``cursor``; NotFound for a
    key the cluster does not reach or that only reports the reader may not see name;
    InvalidCursor for a cursor not made here. ``reader`` when the caller resolved it already."""
    indicator_id = indicator_key_id(key)
    reader = reader or access.reader_resolve(user)
    start = cluster_start(reader=reader, subject=subject, limits=limits)
    if not cluster_holds_indicator(start=start, indicator_id=indicator_id, limits=limits):
        raise NotFound
    indicator = indicator_named(indicator_id)
    page = known_indicator_reports_page(
        reader=reader, indicator=indicator, cursor=cursor, size=size
    )
    return IdentifierListing(
        key=key,
        shown=display(indicator.type, indicator.value),
        type_label=type_label(indicator.type),
        count=visible_report_count(reader=reader, indicator=indicator),
        page=page,
    )
