"""The search page: French and English narratives, references, identifiers, reporters' names
and cases; filters; need-to-know; the SQLite fallback; the GIN index on PostgreSQL; the audit."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.selectors.search import SearchQuery, _cases, _reports
from vigilance.cases.services import lifecycle
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
def test_the_french_and_english_gin_index_exists_and_the_search_uses_it(
    french: Report, supervisor_police: User
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'report_description_fts'")
        (definition,) = cursor.fetchone()
    assert "to_tsvector('french'::regconfig, description)" in definition
    assert "to_tsvector('english'::regconfig, description)" in definition
    query = SearchQuery(text="arnaque")
    assert "report_description_fts" in _plan(_reports(supervisor_police, query, exact=[]))
    assert "case_text_fts" in _plan(_cases(supervisor_police, query, exact=[]))


def _plan(queryset: QuerySet[Any]) -> str:
    with connection.cursor() as cursor:
        # Few rows in a test database: forbid the sequential scan to see which index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
