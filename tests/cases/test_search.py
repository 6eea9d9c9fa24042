"""The search page: French and English narratives, references, identifiers, reporters' names
and cases; filters; need-to-know; the SQLite fallback; the GIN index on PostgreSQL; the audit."""

import datetime as dt
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.cases.selectors import search_candidates, search_text
from vigilance.cases.services import lifecycle
from vigilance.indicators.models import Indicator
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

FRENCH = "Une arnaque au faux agent MTN : on m'a demandé mon code secret et j'ai perdu 50 000 F."
ENGLISH = "A scammer posing as a landlord took my deposit for a flat that does not exist."
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def _routed(triage_officer: User, unit: str, **changes: object) -> Report:
    report = services.report_submit(draft=report_draft(**changes), channel="web").report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


@pytest.fixture
def french(triage_officer: User) -> Report:
    return _routed(
        triage_officer,
        "dgsn-cyber-ce",
        description=FRENCH,
        region="CE",
        language="fr",
        category="mobile_money_fraud",
        reporter=services.ReporterInput(name="Awa Mbarga", phone="677 12 34 56"),
        identifiers=[services.IdentifierInput(type="phone", value="6 99 88 77 66")],
        loss=services.LossInput(amount=Decimal("50000"), channel="mtn_momo"),
    )


@pytest.fixture
def english(triage_officer: User) -> Report:
    return _routed(
        triage_officer,
        "dgsn-cyber-lt",
        description=ENGLISH,
        region="LT",
        identifiers=[services.IdentifierInput(type="email", value="Landlord.Fake@Example.com")],
        loss=services.LossInput(amount=Decimal("300000"), channel="orange_money"),
    )


def _page(client: Client, **params: str) -> str:
    answer = client.get(reverse("cases:search"), params)
    assert answer.status_code == 200
    return answer.content.decode()


def _search(client: Client, **params: str) -> str:
    """The results part of the page (the query itself is echoed in the form and the links)."""
    page = _page(client, **params)
    start = page.find('<h2 id="search-')
    assert start > 0, "no results section"
    return page[start:]


def test_a_word_of_a_french_narrative_finds_the_report(
    french: Report, english: Report, supervisor_police: User
) -> None:
    page = _search(personas.signed_in_client(supervisor_police), q="arnaque")
    assert french.reference in page
    assert english.reference not in page
    assert "<mark>arnaque</mark>" in page


@on_postgresql
def test_french_stemming_finds_arnaque_when_searching_arnaques(
    french: Report, supervisor_police: User
) -> None:
    assert french.reference in _search(personas.signed_in_client(supervisor_police), q="arnaques")


def test_a_word_of_an_english_narrative_finds_the_report(
    french: Report, english: Report, supervisor_police: User
) -> None:
    page = _search(personas.signed_in_client(supervisor_police), q="landlord")
    assert english.reference in page
    assert french.reference not in page


def test_a_reference_an_identifier_and_a_reporter_name_find_the_report(
    french: Report, english: Report, supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    assert french.reference in _search(client, q=french.reference.lower())
    # The identifier typed another way than in the report: matched on its normal form.
    found = _search(client, q="+237 699 887 766")
    assert french.reference in found
    assert english.reference not in found
    assert english.reference in _search(client, q="landlord.fake@example.com")
    assert french.reference in _search(client, q="Mbarga")


def test_cases_are_found_by_number_and_title_and_by_their_reports_identifiers(
    english: Report, investigator_littoral: User
) -> None:
    case = lifecycle.case_open(
        report=english, actor=investigator_littoral, title="Faux propriétaires à Bonamoussadi"
    )
    client = personas.signed_in_client(investigator_littoral)
    assert case.number in _search(client, q=case.number)
    assert case.number in _search(client, q="Bonamoussadi", kind="cases")
    assert case.number in _search(client, q="landlord.fake@example.com")


def test_an_investigator_never_finds_what_is_routed_to_another_unit(
    english: Report, investigator_centre: User, investigator_littoral: User
) -> None:
    case = lifecycle.case_open(report=english, actor=investigator_littoral, title="Landlord scam")
    client = personas.signed_in_client(investigator_centre)
    for query in ("landlord", english.reference, "landlord.fake@example.com", case.number):
        page = _search(client, q=query)
        assert english.reference not in page
        assert case.number not in page
    own = _search(personas.signed_in_client(investigator_littoral), q="landlord")
    assert english.reference in own


def test_filters_narrow_by_category_region_status_date_and_amount(
    french: Report, english: Report, supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    both = (french.reference, english.reference)
    today = dt.date.today()

    def found(**params: str) -> set[str]:
        page = _search(client, kind="reports", **params)
        return {reference for reference in both if reference in page}

    assert found() == set(both)
    assert found(category="mobile_money_fraud") == {french.reference}
    assert found(region="LT") == {english.reference}
    assert found(status="triaged") == set(both)
    assert found(status="closed") == set()
    assert found(unit="dgsn-cyber-ce") == {french.reference}
    assert found(amount_min="100000") == {english.reference}
    assert found(amount_max="100000") == {french.reference}
    assert found(date_from=today.isoformat(), date_to=today.isoformat()) == set(both)
    assert found(date_to=(today - dt.timedelta(days=1)).isoformat()) == set()


def test_invalid_filters_answer_400_with_the_reason(supervisor_police: User) -> None:
    client = personas.signed_in_client(supervisor_police)
    answer = client.get(reverse("cases:search"), {"amount_min": "beaucoup", "page": "999"})
    assert answer.status_code == 400
    assert 'aria-invalid="true"' in answer.content.decode()
    reversed_range = client.get(reverse("cases:search"), {"amount_min": "10", "amount_max": "5"})
    assert reversed_range.status_code == 400


def test_narratives_are_escaped_in_the_results(
    triage_officer: User, supervisor_police: User
) -> None:
    _routed(
        triage_officer,
        "dgsn-cyber-ce",
        description="Arnaque <script>alert(1)</script> par un faux agent, argent perdu.",
        region="CE",
    )
    page = _search(personas.signed_in_client(supervisor_police), q="arnaque")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_search_page_needs_a_role_that_sees_cases(mtn_responder: User, auditor: User) -> None:
    for person in (mtn_responder, auditor):
        answer = personas.signed_in_client(person).get(reverse("cases:search"), {"q": "x"})
        assert answer.status_code == 404


def test_each_search_is_audited_without_a_query_that_may_be_personal(
    french: Report, supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    _search(client, q="arnaque", region="CE")
    _search(client, q="Awa Mbarga")
    plain, personal = AuditEvent.objects.filter(action="search.performed").order_by("sequence")
    assert plain.details["query"] == "arnaque"
    assert plain.details["region"] == "CE"
    assert personal.details["query_length"] == len("Awa Mbarga")
    assert "query" not in personal.details
    assert "Mbarga" not in str(personal.details)


@on_sqlite
def test_sqlite_searches_by_substring_and_says_it_is_simpler(
    french: Report, supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    page = _search(client, q="ARNAQ")
    assert french.reference in page
    assert "Search is simpler in this installation" in _page(client)
    assert french.reference not in _search(client, q="arnaques")


@on_postgresql
def test_the_stored_search_documents_and_trigram_indexes_serve_the_search(
    french: Report, supervisor_police: User
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'intake_report'::regclass "
            "AND attname = 'search_document'"
        )
        assert cursor.fetchone() == ("s",)
    # The conditions alone: on a few rows the planner may prefer the need-to-know gate's own
    # indexes (units, shares), which say nothing of these.
    words = search_text.document_matches("arnaque")
    assert "report_search_document" in _plan(Report.objects.filter(words))
    assert "case_search_document" in _plan(Case.objects.filter(words))
    reference = search_text.contains("reference", "vig-20")
    assert "report_reference_trgm" in _plan(Report.objects.filter(reference))
    number = search_text.contains("number", "cas-20")
    assert "case_number_trgm" in _plan(Case.objects.filter(number))
    value = Indicator.objects.filter(search_text.contains("value", "77123"))
    assert "indicator_value_trgm" in _plan(value)


def _plan(queryset: QuerySet[Any]) -> str:
    with connection.cursor() as cursor:
        # Few rows in a test database: forbid the sequential scan to see which index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_word_finds_its_other_forms_in_french_and_in_english(
    triage_officer: User, supervisor_police: User
) -> None:
    money = _routed(
        triage_officer,
        "dgsn-cyber-ce",
        description="Ils ont pris tout mon argent après un faux appel.",
        region="CE",
        language="fr",
    )
    scam = _routed(
        triage_officer,
        "dgsn-cyber-ce",
        description="They scammed me out of my savings with a fake loan.",
        region="CE",
    )
    client = personas.signed_in_client(supervisor_police)
    assert money.reference in _search(client, q="argent")
    assert scam.reference in _search(client, q="scammed")
    if search_text.is_full_text():
        assert money.reference in _search(client, q="argents")
        assert scam.reference in _search(client, q="scam")
        assert money.reference not in _search(client, q="scam")


def test_french_words_are_found_with_or_without_their_accents(
    triage_officer: User, supervisor_police: User
) -> None:
    report = _routed(
        triage_officer,
        "dgsn-cyber-ce",
        description="J'ai été escroqué par un prétendu employé de la banque.",
        region="CE",
        language="fr",
    )
    client = personas.signed_in_client(supervisor_police)
    assert report.reference in _search(client, q="escroqué")
    assert report.reference in _search(client, q="prétendu")
    if search_text.is_full_text():
        assert report.reference in _search(client, q="escroque")
        assert report.reference in _search(client, q="EMPLOYE")


def test_part_of_a_reference_a_case_number_and_a_name_finds_them(
    french: Report, english: Report, investigator_littoral: User, supervisor_police: User
) -> None:
    case = lifecycle.case_open(report=english, actor=investigator_littoral, title="Landlord scam")
    client = personas.signed_in_client(supervisor_police)
    serial = french.reference.rsplit("-", 1)[1]
    assert french.reference in _search(client, q=french.reference[:-2].lower())
    assert french.reference in _search(client, q=serial)
    assert case.number in _search(client, q=case.number[:-1], kind="cases")
    assert french.reference in _search(client, q="mbar")
    assert english.reference not in _search(client, q="mbar")


def test_part_of_an_identifier_typed_with_spaces_or_dashes_finds_the_report(
    triage_officer: User, french: Report, english: Report, supervisor_police: User
) -> None:
    promo = _routed(
        triage_officer,
        "dgsn-cyber-ce",
        description="Un faux site de promotion demande un paiement.",
        region="CE",
        identifiers=[
            services.IdentifierInput(type="url", value="https://promo-12.example.net/gagner")
        ],
    )
    client = personas.signed_in_client(supervisor_police)
    found = _search(client, q="99 88 77")
    assert french.reference in found
    assert english.reference not in found
    assert promo.reference in _search(client, q="promo-12")
    assert english.reference in _search(client, q="landlord.fake@")


def test_an_investigator_never_finds_another_units_report_or_case_by_a_part_of_it(
    english: Report, investigator_centre: User, investigator_littoral: User
) -> None:
    case = lifecycle.case_open(report=english, actor=investigator_littoral, title="Landlord scam")
    client = personas.signed_in_client(investigator_centre)
    for query in (english.reference[:-2], case.number[:-1], "landlord.fake", "Landlord", "ebai"):
        page = _search(client, q=query)
        assert english.reference not in page, query
        assert case.number not in page, query
    own = personas.signed_in_client(investigator_littoral)
    assert english.reference in _search(own, q="landlord.fake")
    assert case.number in _search(own, q=case.number[:-1])


def test_the_number_of_matches_is_given_up_to_the_bound(
    french: Report, english: Report, supervisor_police: User
) -> None:
    page = _search(personas.signed_in_client(supervisor_police), q="landlord")
    assert "1 report matches." in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Type a word, a reference or an identifier, or choose a filter."),
        ({"q": "?!…--"}, "Type at least one letter or digit"),
        ({"q": "x" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_an_empty_a_punctuation_only_or_a_too_long_query_is_answered_400_with_the_reason(
    supervisor_police: User, params: dict[str, str], message: str
) -> None:
    answer = personas.signed_in_client(supervisor_police).get(reverse("cases:search"), params)
    assert answer.status_code == 400
    assert message in unescape(answer.content.decode())


def test_the_reason_for_a_bad_query_reads_in_french(supervisor_police: User) -> None:
    client = personas.signed_in_client(supervisor_police)
    with translation.override("fr"):
        answer = client.get(reverse("cases:search"), {"q": "!!!"})
    assert answer.status_code == 400
    assert "Saisissez au moins une lettre ou un chiffre" in unescape(answer.content.decode())


@on_postgresql
def test_each_way_of_matching_starts_from_its_own_index_never_from_the_date_order(
    triage_officer: User, french: Report, investigator_centre: User
) -> None:
    lifecycle.case_open(report=french, actor=investigator_centre, title="Faux agent MTN")
    # Part of an identifier (a reference, the words; the identifiers' values are read apart,
    # tests/cases/test_search_identifiers.py), then part of a name (a name, the words). On a few
    # rows the planner may read a column's own btree rather than its trigram index: either is
    # that column's.
    expected = {
        "99 88 77": [("report_reference_trgm", "intake_report_reference")],
        "mbar": [("report_reporter_name_trgm",)],
    }
    everything = personas.signed_in_client(triage_officer)
    one_unit = personas.signed_in_client(investigator_centre)
    for text, indexes in expected.items():
        reports, cases = _bounds_explained(everything, q=text)
        assert "report_search_document" in reports
        assert "case_search_document" in cases
        for names in indexes:
            assert any(name in reports for name in names), (text, names, reports)
        # Inside a unit's need-to-know, and filtered to it, a few rows may start from the unit's
        # index instead: still unordered and bounded.
        gated = _bounds_explained(one_unit, q=text)
        filtered = _bounds_explained(one_unit, q=text, unit="dgsn-cyber-ce")
        for plan in (reports, cases, *gated, *filtered):
            assert "Limit" in plan, plan
            assert "submitted_at" not in plan, plan
            assert "opened_at" not in plan, plan
            assert "Sort" not in plan, plan


def _bounds_explained(client: Client, **params: str) -> tuple[str, str]:
    """What each way of matching does to take its ids (the ``WITH`` parts of the plan), for
    reports then cases, as the search ran them (parameters inlined in the log)."""
    with CaptureQueriesContext(connection) as captured:
        _search(client, **params)
    bounded = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(BOUNDED)]
    assert len(bounded) == 2, "one statement for reports, one for cases"
    reports, cases = (_taken(_explained(sql)) for sql in bounded)
    return reports, cases


BOUNDED = "WITH taken_0 AS MATERIALIZED ("


def _explained(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _taken(plan: str) -> str:
    """The lines of the plan's ``CTE taken_N`` parts, without the ordering that follows."""
    kept: list[str] = []
    depth = None
    for line in plan.splitlines():
        indent = len(line) - len(line.lstrip())
        if line.strip().startswith("CTE taken_"):
            depth = indent
        elif depth is not None and indent <= depth:
            depth = None
        if depth is not None:
            kept.append(line)
    assert kept, plan
    return "\n".join(kept)


def test_a_way_of_matching_that_reaches_its_bound_still_ranks_the_newest(
    triage_officer: User, supervisor_police: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    filed = [
        _routed(triage_officer, "dgsn-cyber-ce", description="Un faux bailleur a pris la caution.")
        for _ in range(3)
    ]
    client = personas.signed_in_client(supervisor_police)
    assert "3 reports match." in _search(client, q="bailleur")
    monkeypatch.setattr(search_candidates, "MATCH_BOUND", 2)
    monkeypatch.setattr(search_candidates, "RANKED_CANDIDATES", 2)

    page = _search(client, q="bailleur")

    assert "the most recent are ranked" in page
    assert filed[-1].reference in page
    assert filed[0].reference not in page
