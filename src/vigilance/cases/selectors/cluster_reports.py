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
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.cases.selectors.linked import LINKED_CAP
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators.models import Indicator
from vigilance.intake.identifier_reports import Pair
from vigilance.intake.models import REPORT_IDS_KEPT, IdentifierReports, Report, Sighting

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


# One identifier's kept report ids, and how many, expanded by the database from its own row:
# no 1,002 ids sent to Python and back as parameters.
_KEPT_IDS = {
    "postgresql": "SELECT (jsonb_array_elements_text(i.report_ids))::bigint"
    " FROM intake_identifierreports i WHERE i.type = %s AND i.value = %s",
    "sqlite": "SELECT j.value FROM intake_identifierreports i, json_each(i.report_ids) j"
    " WHERE i.type = %s AND i.value = %s",
}
_KEPT_LENGTH = {
    "postgresql": "jsonb_array_length(report_ids)",
    "sqlite": "json_array_length(report_ids)",
}


def visible_report_count(*, reader: access.Reader, indicator: Indicator) -> ReportCount:
    """Reports the reader may see naming one identifier: how many ids are kept for it (one
    statement), then the reader's gate over those ids, read by the database from the same row
    (one more; none for a reader who sees everything or none). Sending the ids as parameters
    to the gate or to ``access.reports_visible_among`` cost 2 to 5 times as long at 200,000
    reports (docs/decisions/0048)."""
    vendor = connection.vendor
    kept = (
        IdentifierReports.objects.filter(type=indicator.type, value=indicator.value)
        .annotate(kept=RawSQL(_KEPT_LENGTH[vendor], []))  # noqa: S611  # nosec B611: constant SQL
        .values_list("kept", flat=True)
        .first()
    ) or 0
    visible = kept
    if kept and not reader.sees_everything:
        pair = [indicator.type, indicator.value]
        ids = RawSQL(_KEPT_IDS[vendor], pair)  # noqa: S611  # nosec B611: constant SQL
        visible = access.reports_visible_to(reader.user, reader).filter(pk__in=ids).count()
    return _count(visible, kept >= REPORT_IDS_KEPT)


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


def _page_ids(reader: access.Reader, indicator: Indicator, after: int, size: int) -> list[int]:
    """The ids of the next ``size`` reports the reader may see that name the indicator. On
    PostgreSQL they are read in report order through the covering ``(type, value, report_id)``
    index of each partition, merged and stopped at the page (sorting off for the statement, as
    the cluster's hop does): the planner otherwise sorted every linked sighting of the value,
    with parallel workers whose start cost most of the page (decision 0048)."""
    sightings = (
        _visible_sightings(reader, [indicator.pk])
        .filter(type=indicator.type, value=indicator.value, report_id__gt=after)
        .filter(indicator__is_warning_listed=False)
        .order_by("report_id")
        .values_list("report_id", flat=True)
        .distinct()[: size + 1]
    )
    if connection.vendor != "postgresql":
        return list(sightings)
    in_callers_transaction = connection.in_atomic_block
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        report_ids = list(sightings)
        if in_callers_transaction:
            # Back to the session's setting for whatever the caller's transaction runs next.
            cursor.execute("RESET enable_sort")
    return report_ids


def indicator_reports_page(
    *,
    reader: access.Reader,
    indicator: Indicator,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> IndicatorReportPage:
    """The reports the reader may see that name the indicator, by report, after ``cursor``.
    The caller has checked that the indicator is one of a cluster the reader may open."""
    report_ids = _page_ids(reader, indicator, report_after(cursor), size)
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
    *, reader: access.Reader, indicator: Indicator, cursor: str = "", size: int = PAGE_SIZE
) -> IndicatorReportPage:
    """``indicator_reports_page``, for an identifier that must be named by a report the
    reader may see: NotFound otherwise, the same as for a key that names nothing."""
    page = indicator_reports_page(reader=reader, indicator=indicator, cursor=cursor, size=size)
    if not page.reports and (
        not cursor
        or not _visible_sightings(reader, [indicator.pk])
        .filter(indicator__is_warning_listed=False)
        .exists()
    ):
        raise NotFound
    return page


def indicator_named(indicator_id: int) -> Indicator:
    """The indicator's type and value, to read its reports through the value's index;
    NotFound for none."""
    indicator = Indicator.objects.filter(pk=indicator_id).only("type", "value").first()
    if indicator is None:
        raise NotFound
    return indicator


def identifier_reports_page(
    *, user: User, key: str, cursor: str = "", size: int = PAGE_SIZE
) -> IndicatorReportPage:
    """The page of reports named by the cluster's identifier ``key`` (``i<id>``), without
    walking the cluster again: the key is not signed, so what makes the answer safe is the
    reader's own need-to-know, checked as the cluster checks it. The identifier must be named
    by a report the reader may see (else NotFound, the same as for a key that names nothing),
    and only such reports are listed; whatever identifier a key names, it tells no more than
    the reports the reader may open already show."""
    indicator = indicator_named(indicator_key_id(key))
    return known_indicator_reports_page(
        reader=access.reader_resolve(user), indicator=indicator, cursor=cursor, size=size
    )
