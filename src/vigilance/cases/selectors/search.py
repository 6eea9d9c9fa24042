"""Search across the reports and cases a person may see (``cases.access``), with filters.

PostgreSQL: full text in French and English, on the very expressions the GIN indexes of
``cases/migrations/0002_search_indexes.py`` are built on (so the planner uses them), ranked; the
reporter's name is matched word by word. SQLite (the embedded shape): case-insensitive
substrings, every word of the query required, no stemming. On both, a report reference, a case
number or an identifier typed exactly is matched directly. Every search is audited.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.cases import access
from vigilance.cases.models import Case, CaseReport, CaseStatus
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, normalise
from vigilance.intake.models import Report, ReportStatus, Sighting

PER_PAGE = 25
# PostgreSQL ranks the most recent matches only, so that a common word over a million reports
# costs a bounded amount of work; past them the person is asked to refine the search.
RANKED_CANDIDATES = 1000
LAST_PAGE = RANKED_CANDIDATES // PER_PAGE
EXACT_MATCHES = 200
SNIPPET_CONTEXT = 90

REFERENCE = re.compile(r"^VIG-\d{4}-\d{6}$")
CASE_NUMBER = re.compile(r"^CAS-\d{4}-\d{6}$")
PERSONAL_HINTS = re.compile(r"[\d@+.]|\b[A-ZÀ-Ý]")


def _document(columns: list[str]) -> str:
    text = " || ' ' || ".join(columns)
    return f"(to_tsvector('french', {text}) || to_tsvector('english', {text}))"


_TSQUERY = "(websearch_to_tsquery('french', %s) || websearch_to_tsquery('english', %s))"


class _TextSearch(Func):
    """``document @@ query`` (or its rank) over some text columns, in French and English.

    Written out by hand rather than with ``SearchVector``, which wraps columns in COALESCE and
    so would not match the indexed expression.
    """

    rank = False

    def __init__(self, *columns: str, query: str) -> None:
        super().__init__(*[F(column) for column in columns], Value(query))

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        *columns, query = self.get_source_expressions()
        compiled = [compiler.compile(column) for column in columns]
        column_params = [param for _sql, params in compiled for param in params]
        query_sql, query_params = compiler.compile(query)
        document = _document([sql for sql, _params in compiled])
        tsquery = _TSQUERY.replace("%s", query_sql)
        params = [*column_params, *column_params, *query_params, *query_params]
        if self.rank:
            return f"ts_rank({document}, {tsquery})", params
        return f"{document} @@ {tsquery}", params


class TextMatches(_TextSearch):
    output_field = BooleanField()


class TextRank(_TextSearch):
    output_field = FloatField()
    rank = True


class _NameMatches(Func):
    """The reporter's name, word by word, without stemming (``report_reporter_name_fts``)."""

    output_field = BooleanField()
    template = "to_tsvector('simple', %(expressions)s) @@ plainto_tsquery('simple', %%s)"

    def __init__(self, column: str, query: str) -> None:
        super().__init__(F(column))
        self.query = query

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, [*params, self.query]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    kind: str = ""
    category: str = ""
    region: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None

    def is_empty(self) -> bool:
        return not any(value not in ("", None) for value in asdict(self).values())


@dataclass(frozen=True)
class Snippet:
    """A piece of a narrative around the first word found; escaped when shown."""

    before: str
    match: str
    after: str


@dataclass(frozen=True)
class ReportHit:
    report: Report
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    reports: list[ReportHit]
    cases: list[Case]
    page: int
    has_next: bool
    truncated: bool
    full_text: bool


def search_is_full_text() -> bool:
    """Whether this installation searches with stemming (PostgreSQL) or by substrings."""
    return connection.vendor == "postgresql"


def _exact_report_ids(text: str) -> list[int]:
    """Reports named exactly by the query: their reference, or an identifier they name."""
    pairs = Q()
    for kind in TYPES:
        try:
            pairs |= Q(type=kind, value=normalise(kind, text).value)
        except InvalidIdentifier:
            continue
    ids: list[int] = []
    if pairs:
        ids = list(
            Sighting.objects.filter(pairs)
            .values_list("report_id", flat=True)
            .distinct()[:EXACT_MATCHES]
        )
    if REFERENCE.match(text.upper()):
        ids += Report.objects.filter(reference=text.upper()).values_list("pk", flat=True)
    return ids


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _report_filters(query: SearchQuery, prefix: str = "") -> Q:
    """Conditions on a report (``prefix`` reaches it from another model, e.g. ``report__``)."""
    condition = Q()
    if query.category:
        condition &= Q(**{f"{prefix}category_id": query.category})
    if query.region:
        condition &= Q(**{f"{prefix}region_id": query.region})
    if query.amount_min is not None:
        condition &= Q(**{f"{prefix}loss_amount__gte": query.amount_min})
    if query.amount_max is not None:
        condition &= Q(**{f"{prefix}loss_amount__lte": query.amount_max})
    return condition


def _words(text: str) -> list[str]:
    return [word for word in text.split() if word][:10]


def _reports(user: User, query: SearchQuery, exact: list[int]) -> QuerySet[Report]:
    reports = access.reports_visible_to(user).filter(_report_filters(query))
    if query.status:
        reports = reports.filter(status=query.status)
    if query.unit:
        reports = reports.filter(unit__code=query.unit)
    if query.date_from:
        reports = reports.filter(submitted_at__gte=_day_start(query.date_from))
    if query.date_to:
        reports = reports.filter(submitted_at__lt=_day_start(query.date_to + dt.timedelta(days=1)))
    if not query.text:
        return reports.order_by("-submitted_at", "-pk")
    if search_is_full_text():
        condition = Q(TextMatches("description", query=query.text)) | Q(
            _NameMatches("reporter_name", query.text)
        )
    else:
        condition = Q()
        for word in _words(query.text):
            condition &= Q(description__icontains=word) | Q(reporter_name__icontains=word)
    if exact:
        condition |= Q(pk__in=exact)
    return reports.filter(condition).order_by("-submitted_at", "-pk")


def _cases(user: User, query: SearchQuery, exact: list[int]) -> QuerySet[Case]:
    cases = access.cases_visible_to(user).select_related("owning_unit__organisation", "lead")
    report_condition = _report_filters(query, "report__")
    if report_condition:
        cases = cases.filter(
            Exists(CaseReport.objects.filter(report_condition, case_id=OuterRef("pk")))
        )
    if query.status:
        cases = cases.filter(status=query.status)
    if query.unit:
        cases = cases.filter(owning_unit__code=query.unit)
    if query.date_from:
        cases = cases.filter(opened_at__gte=_day_start(query.date_from))
    if query.date_to:
        cases = cases.filter(opened_at__lt=_day_start(query.date_to + dt.timedelta(days=1)))
    if not query.text:
        return cases.order_by("-opened_at", "-pk")
    if search_is_full_text():
        condition = Q(TextMatches("title", "summary", query=query.text))
    else:
        condition = Q()
        for word in _words(query.text):
            condition &= Q(title__icontains=word) | Q(summary__icontains=word)
    if CASE_NUMBER.match(query.text.upper()):
        condition |= Q(number=query.text.upper())
    if exact:
        condition |= Q(
            Exists(CaseReport.objects.filter(case_id=OuterRef("pk"), report_id__in=exact))
        )
    return cases.filter(condition).order_by("-opened_at", "-pk")


def _ranked(queryset: QuerySet[Any], *columns: str, query: str, offset: int) -> list[Any]:
    """One page of the most recent matches, ranked by relevance (PostgreSQL only)."""
    model = queryset.model
    candidates = queryset.values("pk")
    ranked = (
        model.objects.filter(pk__in=candidates[:RANKED_CANDIDATES])
        .annotate(rank=TextRank(*columns, query=query))
        .order_by("-rank", "-pk")
    )
    if model is Case:
        ranked = ranked.select_related("owning_unit__organisation", "lead")
    else:
        ranked = ranked.select_related("category", "region", "unit")
    return list(ranked[offset : offset + PER_PAGE + 1])


def _snippet(text: str, query: str) -> Snippet:
    lowered = text.lower()
    for word in _words(query):
        stem = word.lower()[: max(4, len(word) - 2)]
        at = lowered.find(stem)
        if at >= 0:
            end = at + len(stem)
            while end < len(text) and text[end].isalnum():
                end += 1
            start = max(0, at - SNIPPET_CONTEXT)
            before = ("…" if start else "") + text[start:at]
            after = text[end : end + SNIPPET_CONTEXT] + (
                "…" if end + SNIPPET_CONTEXT < len(text) else ""
            )
            return Snippet(before=before, match=text[at:end], after=after)
    cut = text[: SNIPPET_CONTEXT * 2]
    return Snippet(before=cut + ("…" if len(text) > len(cut) else ""), match="", after="")


def _page_of(queryset: QuerySet[Any], *columns: str, query: SearchQuery, page: int) -> list[Any]:
    offset = (page - 1) * PER_PAGE
    if query.text and search_is_full_text():
        return _ranked(queryset, *columns, query=query.text, offset=offset)
    if queryset.model is Case:
        queryset = queryset.select_related("owning_unit__organisation", "lead")
    else:
        queryset = queryset.select_related("category", "region", "unit")
    return list(queryset[offset : offset + PER_PAGE + 1])


def _audit_details(query: SearchQuery, page: int) -> dict[str, Any]:
    details: dict[str, Any] = {
        key: str(value) for key, value in asdict(query).items() if value not in ("", None)
    }
    text = details.pop("text", "")
    if text:
        details["query_length"] = len(text)
        exact_code = REFERENCE.match(text.upper()) or CASE_NUMBER.match(text.upper())
        if exact_code or not PERSONAL_HINTS.search(text):
            details["query"] = text
    details["page"] = page
    return details


@transaction.atomic
def search_run(*, user: User, query: SearchQuery, page: int = 1) -> SearchResults:
    """One page (``PER_PAGE`` of each kind) of what the user may see that matches the query."""
    page = max(1, min(page, LAST_PAGE))
    text = query.text.strip()[:200]
    query = SearchQuery(**{**asdict(query), "text": text})
    exact = _exact_report_ids(text) if text else []
    report_statuses, case_statuses = set(ReportStatus.values), set(CaseStatus.values)
    reports: list[Report] = []
    cases: list[Case] = []
    if query.kind != "cases" and (not query.status or query.status in report_statuses):
        reports = _page_of(_reports(user, query, exact), "description", query=query, page=page)
    if query.kind != "reports" and (not query.status or query.status in case_statuses):
        cases = _page_of(_cases(user, query, exact), "title", "summary", query=query, page=page)
    more = len(reports) > PER_PAGE or len(cases) > PER_PAGE
    audit_record(
        actor=user,
        action="search.performed",
        object_type="search",
        details=_audit_details(query, page),
    )
    return SearchResults(
        reports=[
            ReportHit(report=report, snippet=_snippet(report.description, text))
            for report in reports[:PER_PAGE]
        ],
        cases=cases[:PER_PAGE],
        page=page,
        has_next=more and page < LAST_PAGE,
        truncated=more and page == LAST_PAGE,
        full_text=search_is_full_text(),
    )
