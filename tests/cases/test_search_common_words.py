"""Search for a word common among what a person sees: taken in date order, decided from
PostgreSQL's statistics of the search document; rare words still taken from their index."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases import access
from vigilance.cases.selectors import search, search_candidates, search_density, search_text
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
REFERENCES = re.compile(r"VIG-\d{4}-\d{6}")
BOUNDED = "WITH taken_0 AS MATERIALIZED ("
COMMON = "Un faux bailleur a pris la caution."
RARE = "Une tontine fictive promettait des gains."


def _routed(triage_officer: User, unit: str, description: str) -> Report:
    report = services.report_submit(
        draft=report_draft(description=description), channel="web"
    ).report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


def _analysed() -> None:
    """What autovacuum would do on a real table: the statistics the gate reads."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_report")


def _searched(client: Client, text: str) -> tuple[list[str], str, list[str]]:
    """The references of the results in their order, the results' text, and the statements."""
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(reverse("cases:search"), {"q": text, "kind": "reports"})
    assert answer.status_code == 200
    page = answer.content.decode()
    results = page[page.find('<h2 id="search-') :]
    references = list(dict.fromkeys(REFERENCES.findall(results)))
    return references, results, [query["sql"] for query in captured.captured_queries]


def _words_bounded(statements: list[str]) -> bool:
    """Whether the words were among the bounded, unordered reads (not the date order's)."""
    return any(sql.startswith(BOUNDED) and "search_document" in sql for sql in statements)


def _words_by_date(statements: list[str]) -> bool:
    return any(
        not sql.startswith(BOUNDED) and 'search_document" @@' in sql and "submitted_at" in sql
        for sql in statements
    )


def _common(user: User, text: str) -> bool:
    reader = access.reader_resolve(user)
    return search_density.words_are_common(
        search_density.reports_owned(reader),
        search_text.document_matches(text),
        wanted=search_candidates.RANKED_CANDIDATES,
    )


@on_postgresql
def test_a_common_word_takes_the_date_order_and_gives_the_same_first_page(
    triage_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(30):
        _routed(triage_officer, "dgsn-cyber-ce", COMMON)
    _analysed()
    client = personas.signed_in_client(triage_officer)
    assert _common(triage_officer, "bailleur")

    by_date, page, statements = _searched(client, "bailleur")

    assert _words_by_date(statements)
    assert not _words_bounded(statements)
    assert "30 reports match." in page
    monkeypatch.setattr(search_density, "words_are_common", lambda *args, **kwargs: False)
    bounded, _page, statements = _searched(client, "bailleur")
    assert _words_bounded(statements)
    assert len(by_date) == search.PER_PAGE
    assert by_date == bounded


@on_postgresql
def test_a_common_word_past_the_candidates_is_said_to_be_more(
    triage_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    filed = [_routed(triage_officer, "dgsn-cyber-ce", COMMON) for _ in range(4)]
    _analysed()
    monkeypatch.setattr(search_candidates, "RANKED_CANDIDATES", 3)

    references, page, statements = _searched(personas.signed_in_client(triage_officer), "bailleur")

    assert _words_by_date(statements)
    assert "the most recent are ranked" in page
    assert filed[0].reference not in references
    assert filed[-1].reference in references


@on_postgresql
def test_a_rare_word_still_gets_all_its_matches_from_its_index(triage_officer: User) -> None:
    for _ in range(60):
        _routed(triage_officer, "dgsn-cyber-ce", COMMON)
    rare = _routed(triage_officer, "dgsn-cyber-lt", RARE)
    _analysed()
    assert not _common(triage_officer, "tontine")

    references, page, statements = _searched(personas.signed_in_client(triage_officer), "tontine")

    assert _words_bounded(statements)
    assert not _words_by_date(statements)
    assert references == [rare.reference]
    assert "1 report matches." in page


@on_postgresql
def test_a_unit_that_sees_few_reports_reads_a_word_common_elsewhere_from_its_own(
    triage_officer: User, investigator_centre: User
) -> None:
    for _ in range(40):
        _routed(triage_officer, "dgsn-cyber-lt", COMMON)
    own = [_routed(triage_officer, "dgsn-cyber-ce", COMMON) for _ in range(2)]
    _analysed()
    assert _common(triage_officer, "bailleur")
    # Among every report the unit's two are rare; among its own reports the word is common.
    assert not _common(investigator_centre, "bailleur")
    assert search_density.sees_a_small_part(access.reader_resolve(investigator_centre))

    references, page, statements = _searched(
        personas.signed_in_client(investigator_centre), "bailleur"
    )

    # The unit's own reports newest first (decision 0050), not every report's date order.
    assert _words_by_date(statements)
    walks = [sql for sql in statements if 'search_document" @@' in sql and "ORDER BY" in sql]
    assert all('"unit_id" IN' in sql or "informed" in sql or "casereport" in sql for sql in walks)
    assert sorted(references) == sorted(report.reference for report in own)
    assert "2 reports match." in page


@on_postgresql
def test_the_date_order_keeps_to_what_the_reader_may_see(
    triage_officer: User, investigator_centre: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    others = [_routed(triage_officer, "dgsn-cyber-lt", COMMON) for _ in range(5)]
    own = _routed(triage_officer, "dgsn-cyber-ce", COMMON)
    monkeypatch.setattr(search_density, "words_are_common", lambda *args, **kwargs: True)

    references, _page, statements = _searched(
        personas.signed_in_client(investigator_centre), "bailleur"
    )

    assert _words_by_date(statements)
    assert references == [own.reference]
    assert not {report.reference for report in others} & set(references)


@on_postgresql
def test_an_unanalysed_table_counts_every_word_as_rare(triage_officer: User) -> None:
    for _ in range(3):
        _routed(triage_officer, "dgsn-cyber-ce", COMMON)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'intake_report' "
            "AND attname = 'search_document'"
        )
        (analysed,) = cursor.fetchone()
    if analysed:
        pytest.skip("the test database's report table has statistics already")
    assert not _common(triage_officer, "bailleur")


@on_sqlite
def test_sqlite_keeps_its_substring_search_and_never_asks_for_statistics(
    triage_officer: User,
) -> None:
    filed = [_routed(triage_officer, "dgsn-cyber-ce", COMMON) for _ in range(3)]
    assert not _common(triage_officer, "bailleur")

    references, page, statements = _searched(personas.signed_in_client(triage_officer), "BAILL")

    assert not any("EXPLAIN" in sql for sql in statements)
    assert sorted(references) == sorted(report.reference for report in filed)
    assert "3 reports match." in page


@on_postgresql
def test_a_reader_without_a_unit_finds_no_word_common(triage_officer: User) -> None:
    for _ in range(30):
        _routed(triage_officer, "dgsn-cyber-ce", COMMON)
    _analysed()
    reader = access.Reader(user=triage_officer, sees_nothing=False, sees_everything=False)

    common = search_density.words_are_common(
        search_density.reports_owned(reader),
        search_text.document_matches("bailleur"),
        wanted=search_candidates.RANKED_CANDIDATES,
    )

    assert not common
