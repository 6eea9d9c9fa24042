"""What a cluster says beyond its drawing: how many reports the reader may see name its
identifiers, and those reports one page at a time (keyset, by report), for an identifier named
by more reports than the drawing holds (a mobile-money account named 100,000 times).

Only reports inside the reader's need-to-know are counted or listed: the counts are the
reader's own, never the identifier's total, so they tell nothing of the others. The work
follows the identifier's linked sightings (``sighting_indicator_reporter``), at most
``INDICATOR_LINK_CAP`` per identifier unless an operator raised it (docs/decisions/0005).
"""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.intake.models import Report, Sighting

PAGE_SIZE = 50
_CURSOR_SALT = "cases.cluster.more"


class InvalidCursor(InvalidAction):
    """A link to more reports that this platform did not make (answered 400)."""

    def __init__(self) -> None:
        message = _("This link to more reports is not valid: open the cluster again.")
        super().__init__(message, {"after": [message]})


@dataclass(frozen=True)
class VisibleCounts:
    """Reports the reader may see naming each identifier, and naming any of them."""

    by_indicator: dict[int, int]
    total: int


@dataclass(frozen=True)
class IndicatorReportPage:
    """One page of the reports the reader may see that name an identifier; ``next_cursor`` is
    empty on the last page."""

    reports: list[Report]
    next_cursor: str


def _visible_sightings(reader: access.Reader, indicator_ids: list[int]) -> QuerySet[Sighting]:
    sightings = Sighting.objects.filter(indicator_id__in=indicator_ids)
    if reader.sees_everything:
        return sightings
    # Checked per sighting through the report's primary key: the planner never builds the set
    # of every report the reader may see.
    visible = access.reports_visible_to(reader.user, reader).filter(pk=OuterRef("report_id"))
    return sightings.filter(Exists(visible))


def visible_report_counts(
    *, user: User, indicator_ids: list[int], reader: access.Reader | None = None
) -> VisibleCounts:
    """Two queries whatever the number of identifiers (one for a single identifier, none for
    none); ``reader`` is the user's need-to-know when the caller resolved it already."""
    if not indicator_ids:
        return VisibleCounts(by_indicator={}, total=0)
    sightings = _visible_sightings(reader or access.reader_resolve(user), indicator_ids).order_by()
    by_indicator = dict(
        sightings.values("indicator_id")
        .annotate(reports=Count("report_id", distinct=True))
        .values_list("indicator_id", "reports")
    )
    if len(indicator_ids) == 1:
        # The usual cluster around one shared value: its count is the total.
        return VisibleCounts(by_indicator=by_indicator, total=sum(by_indicator.values()))
    total = sightings.aggregate(reports=Count("report_id", distinct=True))["reports"]
    return VisibleCounts(by_indicator=by_indicator, total=total or 0)


def cursor_after(report_id: int) -> str:
    """The opaque cursor of the page after ``report_id`` (the address shows no report id)."""
    return signing.dumps(report_id, salt=_CURSOR_SALT, compress=True)


def report_after(cursor: str) -> int:
    """The report a cursor names; InvalidCursor for one that was not made here."""
    if not cursor:
        return 0
    try:
        report_id = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature as error:
        raise InvalidCursor from error
    if not isinstance(report_id, int) or isinstance(report_id, bool):
        raise InvalidCursor
    return report_id


def indicator_reports_page(
    *,
    user: User,
    indicator_id: int,
    cursor: str = "",
    size: int = PAGE_SIZE,
    reader: access.Reader | None = None,
) -> IndicatorReportPage:
    """The reports the reader may see that name the indicator, by report, after ``cursor``.
    The caller has checked that the indicator is one of a cluster the reader may open."""
    after = report_after(cursor)
    report_ids = list(
        _visible_sightings(reader or access.reader_resolve(user), [indicator_id])
        .filter(report_id__gt=after, indicator__is_warning_listed=False)
        .order_by("report_id")
        .values_list("report_id", flat=True)
        .distinct()[: size + 1]
    )
    more = len(report_ids) > size
    report_ids = report_ids[:size]
    loaded = Report.objects.select_related("category", "region", "unit").in_bulk(report_ids)
    return IndicatorReportPage(
        reports=[loaded[pk] for pk in report_ids if pk in loaded],
        next_cursor=cursor_after(report_ids[-1]) if more else "",
    )


def identifier_reports_page(
    *, user: User, key: str, cursor: str = "", size: int = PAGE_SIZE
) -> IndicatorReportPage:
    """The page of reports named by the cluster's identifier ``key`` (``i<id>``), without
    walking the cluster again: the key is not signed, so what makes the answer safe is the
    reader's own need-to-know, checked as the cluster checks it. The identifier must be named
    by a report the reader may see (else NotFound, the same as for a key that names nothing),
    and only such reports are listed; whatever identifier a key names, it tells no more than
    the reports the reader may open already show."""
    indicator_id = int(key[1:]) if key[:1] == "i" and key[1:].isdigit() else 0
    if not indicator_id:
        raise NotFound
    reader = access.reader_resolve(user)
    page = indicator_reports_page(
        user=user, indicator_id=indicator_id, cursor=cursor, size=size, reader=reader
    )
    if not page.reports and (
        not cursor
        or not _visible_sightings(reader, [indicator_id])
        .filter(indicator__is_warning_listed=False)
        .exists()
    ):
        raise NotFound
    return page
