"""What a cluster says beyond its drawing: how many reports the reader may see name its
identifiers, and those reports one page at a time (keyset, by report), for an identifier named
by more reports than the drawing holds (a mobile-money account named 100,000 times).

Only reports inside the reader's need-to-know are counted or listed: the counts are the
reader's own, never the identifier's total, so they tell nothing of the others. They are read
from ``IdentifierReports`` (one row per identifier, every report id up to ``REPORT_IDS_KEPT``,
then that many), so an identifier named 100,000 times costs what one named 1,002 times does:
the kept ids are checked against the reader's need-to-know, and a count from a cut list is a
floor, shown "N+" (docs/decisions/0039). The pages of reports follow the identifier's linked
sightings (``sighting_indicator_reporter``).
"""

from dataclasses import dataclass

from django.core import signing
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.cases.selectors.linked import LINKED_CAP
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators.models import Indicator
from vigilance.intake.identifier_reports import VALUES_PER_STATEMENT, Pair, reports_naming
from vigilance.intake.models import REPORT_IDS_KEPT, Report, Sighting

PAGE_SIZE = 50
_CURSOR_SALT = "cases.cluster.more"


class InvalidCursor(InvalidAction):
    """A link to more reports that this platform did not make (answered 400)."""

    def __init__(self) -> None:
        message = _("This link to more reports is not valid: open the cluster again.")
        super().__init__(message, {"after": [message]})


@dataclass(frozen=True)
class ReportCount:
    """How many reports the reader may see: exact, or a floor (``is_floor``, shown "N+") when
    the reports kept for an identifier stop before its last one."""

    value: int = 0
    is_floor: bool = False

    def __str__(self) -> str:
        return f"{self.value}+" if self.is_floor else str(self.value)


@dataclass(frozen=True)
class VisibleCounts:
    """Reports the reader may see naming each identifier, and naming any of them."""

    by_indicator: dict[int, ReportCount]
    total: ReportCount


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


def _count(visible: int, is_cut: bool) -> ReportCount:
    if is_cut and visible > LINKED_CAP:
        return ReportCount(value=LINKED_CAP, is_floor=True)
    return ReportCount(value=visible, is_floor=is_cut)


def visible_report_counts(
    *, indicators: list[Indicator], naming: dict[Pair, list[int]], visible: set[int]
) -> VisibleCounts:
    """The counts from the identifiers' kept report ids (``reports_naming``) and the reader's
    need-to-know of them (``visible``), decided by the caller in the same check as the walk's
    reports."""
    kept = {item.pk: set(naming.get((item.type, item.value), ())) for item in indicators}
    cut = {pk for pk, ids in kept.items() if len(ids) >= REPORT_IDS_KEPT}
    by_indicator = {pk: _count(len(ids & visible), pk in cut) for pk, ids in kept.items()}
    seen = set().union(*(ids & visible for ids in kept.values()))
    return VisibleCounts(by_indicator=by_indicator, total=_count(len(seen), bool(cut)))


def visible_report_count(*, reader: access.Reader, indicator: Indicator) -> ReportCount:
    """Reports the reader may see naming one identifier: its kept report ids (one statement),
    counted through the reader's gate in SQL (one more, none for a reader who sees
    everything)."""
    pair = (indicator.type, indicator.value)
    kept = sorted(reports_naming({pair}).get(pair, ()))
    if reader.sees_everything or not kept:
        visible = len(kept)
    else:
        size = VALUES_PER_STATEMENT if connection.vendor == "sqlite" else len(kept)
        gate = access.reports_visible_to(reader.user, reader)
        visible = sum(
            gate.filter(pk__in=kept[start : start + size]).count()
            for start in range(0, len(kept), size)
        )
    return _count(visible, len(kept) >= REPORT_IDS_KEPT)


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


def indicator_key_id(key: str) -> int:
    """The indicator a cluster's identifier key (``i<id>``) names; NotFound for any other."""
    indicator_id = int(key[1:]) if key[:1] == "i" and key[1:].isdigit() else 0
    if not indicator_id:
        raise NotFound
    return indicator_id


def known_indicator_reports_page(
    *, reader: access.Reader, indicator_id: int, cursor: str = "", size: int = PAGE_SIZE
) -> IndicatorReportPage:
    """``indicator_reports_page``, for an identifier that must be named by a report the
    reader may see: NotFound otherwise, the same as for a key that names nothing."""
    page = indicator_reports_page(
        user=reader.user, indicator_id=indicator_id, cursor=cursor, size=size, reader=reader
    )
    if not page.reports and (
        not cursor
        or not _visible_sightings(reader, [indicator_id])
        .filter(indicator__is_warning_listed=False)
        .exists()
    ):
        raise NotFound
    return page


def identifier_reports_page(
    *, user: User, key: str, cursor: str = "", size: int = PAGE_SIZE
) -> IndicatorReportPage:
    """The page of reports named by the cluster's identifier ``key`` (``i<id>``), without
    walking the cluster again: the key is not signed, so what makes the answer safe is the
    reader's own need-to-know, checked as the cluster checks it. The identifier must be named
    by a report the reader may see (else NotFound, the same as for a key that names nothing),
    and only such reports are listed; whatever identifier a key names, it tells no more than
    the reports the reader may open already show."""
    indicator_id = indicator_key_id(key)
    return known_indicator_reports_page(
        reader=access.reader_resolve(user), indicator_id=indicator_id, cursor=cursor, size=size
    )
