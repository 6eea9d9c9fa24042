"""Search across the reports and cases a person may see (``cases.access``), with filters.

Candidates first, ranking after: each way of matching (a reference, a case number or a name typed
in full or in part; the words of narratives, titles and summaries) first takes, from its own
index and in no order, at most ``MATCH_BOUND`` rows inside the person's need-to-know and the
filters; only those are ordered newest first, and at most ``RANKED_CANDIDATES`` of them ranked:
direct matches first, then by relevance (PostgreSQL) or newest first (SQLite). What names an
identifier typed in full or in part is taken newest first from the sightings' index, as far as
the page needs (``search_identifiers``). A large result is never counted: past the bounds the
page says so. How words and fragments become SQL is in ``search_text``. Every search is audited.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case as Choice
from django.db.models import Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.cases import access
from vigilance.cases.models import Case, CaseReport, CaseStatus
from vigilance.cases.selectors import (
    search_candidates,
    search_codes,
    search_density,
    search_identifiers,
    search_text,
)
from vigilance.indicators.models import Indicator
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, normalise
from vigilance.intake.models import Report, ReportStatus

PER_PAGE = 25
LAST_PAGE = search_candidates.RANKED_CANDIDATES // PER_PAGE
# Identifiers whose value holds a fragment typed: the first ones found, then their reports.
IDENTIFIER_VALUES = 50
# What names an identifier found is taken, newest first, this far at least (four pages).
NAMED_FIRST = 100
SNIPPET_CONTEXT = 90

REFERENCE = re.compile(r"^VIG-\d{4}-\d{6}$")
CASE_NUMBER = re.compile(r"^CAS-\d{4}-\d{6}$")
PERSONAL_HINTS = re.compile(r"[\d@+.]|\b[A-ZÀ-Ý]")
# A fragment that may be part of an identifier, a reference or a case number (not a plain word).
CODE_HINTS = re.compile(r"[\d@./:_+\-]")


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
class Matches:
    """How many of a kind match: exactly up to the bound, "more than" past it; None when the
    search has no words (a filtered list, which is not counted)."""

    count: int | None
    more: bool = False


@dataclass(frozen=True)
class SearchResults:
    reports: list[ReportHit]
    cases: list[Case]
    page: int
    has_next: bool
    truncated: bool
    full_text: bool
    report_matches: Matches = Matches(count=None)
    case_matches: Matches = Matches(count=None)


def search_is_full_text() -> bool:
    """Whether this installation searches with stemming (PostgreSQL) or by substrings."""
    return search_text.is_full_text()


def _identifier_pairs(text: str) -> list[search_identifiers.Pair]:
    """The (type, value) pairs the text names: in full in any form (normalised), or in part
    (``6 77 12``, ``promo-12``) among the distinct values of the indicators."""
    pairs = []
    for kind in TYPES:
        try:
            pairs.append((kind, normalise(kind, text).value))
        except InvalidIdentifier:
            continue
    partial = Q()
    for fragment in search_text.fragments(text):
        if CODE_HINTS.search(fragment):
            partial |= search_text.contains("value", fragment)
    if partial:
        pairs += Indicator.objects.filter(partial).values_list("type", "value")[:IDENTIFIER_VALUES]
    return list(dict.fromkeys(pairs))


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


def _reports(reports: QuerySet[Report], query: SearchQuery) -> QuerySet[Report]:
    """Those of ``reports`` (the ones the reader may see) that pass the filters, newest first."""
    reports = reports.filter(_report_filters(query))
    if query.status:
        reports = reports.filter(status=query.status)
    if query.unit:
        reports = reports.filter(unit__code=query.unit)
    if query.date_from:
        reports = reports.filter(submitted_at__gte=_day_start(query.date_from))
    if query.date_to:
        reports = reports.filter(submitted_at__lt=_day_start(query.date_to + dt.timedelta(days=1)))
    return reports.order_by("-submitted_at", "-pk")


def _cases(cases: QuerySet[Case], query: SearchQuery) -> QuerySet[Case]:
    """Those of ``cases`` (the ones the reader may see) that pass the filters, newest first."""
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
    return cases.order_by("-opened_at", "-pk")


def _code_or_name(text: str, *, codes: tuple[str, ...], names: tuple[str, ...]) -> Q:
    """A code column (reference, case number) or a name holding a fragment of the text. A long
    run of digits is looked up among the codes whose serial holds it (``search_codes``)."""
    condition = Q()
    for fragment in search_text.fragments(text):
        columns = codes if CODE_HINTS.search(fragment) else names
        for column in columns:
            listed = _LISTED_CODES[column](fragment) if column in _LISTED_CODES else None
            if listed is None:
                condition |= search_text.contains(column, fragment)
            elif listed:
                condition |= Q(**{f"{column}__in": listed})
    return condition


_LISTED_CODES = {
    "reference": search_codes.references_holding,
    "number": search_codes.case_numbers_holding,
}


def _report_words(text: str) -> Q:
    if search_text.is_full_text():
        return search_text.document_matches(text)
    return search_text.all_words_in(("description", "reporter_name"), text)


def _case_words(text: str) -> Q:
    if search_text.is_full_text():
        return search_text.document_matches(text)
    return search_text.all_words_in(("title", "summary"), text)


def _report_candidates(
    reader: access.Reader, query: SearchQuery, named: list[int], *, wanted: int
) -> search_candidates.Candidates:
    text = query.text
    direct = []
    if REFERENCE.match(text.upper()):
        direct.append(Q(reference=text.upper()))
    coded = _code_or_name(text, codes=("reference",), names=("reporter_name",))
    if coded:
        direct.append(coded)
    words = _report_words(text)
    owned = _reports(search_density.reports_owned(reader), query)
    small_part = search_density.sees_a_small_part(reader)
    common = search_density.words_are_common(
        owned, words, wanted=search_candidates.RANKED_CANDIDATES, walking_owned=small_part
    )
    scope = _reports(access.reports_visible_to(reader.user, reader), query)
    naming = search_identifiers.reports_naming(scope, named, wanted=wanted)
    arms = _report_arms(reader, query) if small_part else None
    return search_candidates.candidates_gather(
        scope, direct, words, common_words=common, named=naming, arms=arms
    )


def _report_arms(reader: access.Reader, query: SearchQuery) -> search_candidates.Arms:
    """The reader's need-to-know taken arm by arm, with the filters (decision 0050)."""

    def arms(since: dt.datetime | None) -> list[QuerySet[Report]]:
        return [_reports(arm, query) for arm in access.reports_visible_arms(reader, since=since)]

    return arms


def _case_candidates(
    reader: access.Reader, query: SearchQuery, named: list[int], *, wanted: int
) -> search_candidates.Candidates:
    text = query.text
    direct = []
    if CASE_NUMBER.match(text.upper()):
        direct.append(Q(number=text.upper()))
    numbered = _code_or_name(text, codes=("number",), names=())
    if numbered:
        direct.append(numbered)
    if REFERENCE.match(text.upper()):
        direct.append(Q(reports__reference=text.upper()))
    words = _case_words(text)
    owned = _cases(search_density.cases_owned(reader), query)
    common = search_density.words_are_common(
        owned, words, wanted=search_candidates.RANKED_CANDIDATES
    )
    scope = _cases(access.cases_visible_to(reader.user, reader), query)
    naming = search_identifiers.cases_naming(scope, named, wanted=wanted)
    return search_candidates.candidates_gather(
        scope, direct, words, common_words=common, named=naming
    )


def _ranked(
    model: type[Any], candidates: search_candidates.Candidates, *, text: str, offset: int
) -> list[Any]:
    """One page of the candidates: direct matches first, then by relevance (PostgreSQL) or
    newest first (SQLite)."""
    if not candidates.ids:
        return []
    rows = model.objects.filter(pk__in=candidates.ids)
    first = (
        Choice(When(pk__in=candidates.direct, then=Value(1)), default=Value(0))
        if candidates.direct
        else Value(0)
    )
    rows = rows.annotate(direct=first)
    order = ["-direct"]
    if search_text.is_full_text():
        rows = rows.annotate(rank=search_text.document_rank(text))
        order.append("-rank")
    newest = "-submitted_at" if model is Report else "-opened_at"
    return list(
        _with_relations(rows.order_by(*order, newest, "-pk"))[offset : offset + PER_PAGE + 1]
    )


def _with_relations(rows: QuerySet[Any]) -> QuerySet[Any]:
    if rows.model is Case:
        return rows.select_related("owning_unit__organisation", "lead")
    return rows.select_related("category", "region", "unit")


def _snippet(text: str, query: str) -> Snippet:
    lowered = text.lower()
    for word in search_text.words(query):
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


def _page(
    reader: access.Reader, query: SearchQuery, *, kind: type[Any], named: list[int], offset: int
) -> tuple[list[Any], Matches]:
    """One page (and one more row, to tell whether another page follows) of a kind."""
    if not query.text:
        listed: QuerySet[Any]
        if kind is Report:
            listed = _reports(access.reports_visible_to(reader.user, reader), query)
        else:
            listed = _cases(access.cases_visible_to(reader.user, reader), query)
        return list(_with_relations(listed)[offset : offset + PER_PAGE + 1]), Matches(count=None)
    # What names an identifier found is taken newest first, as far as this page needs: any
    # older one would rank after those taken.
    wanted = min(search_candidates.RANKED_CANDIDATES, max(NAMED_FIRST, offset + PER_PAGE + 1))
    if kind is Report:
        candidates = _report_candidates(reader, query, named, wanted=wanted)
    else:
        candidates = _case_candidates(reader, query, named, wanted=wanted)
    rows = _ranked(kind, candidates, text=query.text, offset=offset)
    return rows, Matches(count=len(candidates.ids), more=candidates.capped)


def search_run(*, user: User, query: SearchQuery, page: int = 1) -> SearchResults:
    """One page (``PER_PAGE`` of each kind) of what the user may see that matches the query."""
    page = max(1, min(page, LAST_PAGE))
    offset = (page - 1) * PER_PAGE
    text = query.text.strip()[:200]
    query = SearchQuery(**{**asdict(query), "text": text})
    named = search_identifiers.newest_report_ids(
        _identifier_pairs(text) if text else [],
        since=_day_start(query.date_from) if query.date_from else None,
    )
    report_statuses, case_statuses = set(ReportStatus.values), set(CaseStatus.values)
    reports: list[Report] = []
    cases: list[Case] = []
    report_matches = case_matches = Matches(count=None)
    reader = access.reader_resolve(user)
    if query.kind != "cases" and (not query.status or query.status in report_statuses):
        reports, report_matches = _page(reader, query, kind=Report, named=named, offset=offset)
    if query.kind != "reports" and (not query.status or query.status in case_statuses):
        cases, case_matches = _page(reader, query, kind=Case, named=named, offset=offset)
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
        report_matches=report_matches,
        case_matches=case_matches,
    )
