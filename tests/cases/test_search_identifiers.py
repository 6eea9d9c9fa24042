"""Search for an identifier named by many reports: its newest reports first, page after page,
inside the reader's need-to-know, read from the sightings' own index and bounded."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case
from vigilance.cases.selectors import search_identifiers
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

ACCOUNT = "6 51 23 45 67"
FRAGMENT = "2345"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _naming(triage_officer: User, unit: str, count: int) -> list[Report]:
    """``count`` reports routed to ``unit`` that name the account, oldest first."""
    reports = []
    for _ in range(count):
        draft = report_draft(
            identifiers=[services.IdentifierInput(type="momo_account", value=ACCOUNT)]
        )
        report = services.report_submit(draft=draft, channel="web").report
        routed = Unit.objects.get(code=unit)
        reports.append(staff.report_route(report=report, unit=routed, actor=triage_officer))
    return reports


def _results(client: Client, **params: str) -> str:
    answer = client.get(reverse("cases:search"), {"q": FRAGMENT, **params})
    assert answer.status_code == 200
    page = answer.content.decode()
    return page[page.find('<h2 id="search-') :]


def _shown(page: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"VIG-\d{4}-\d{6}", page)))


def test_an_identifier_named_by_many_reports_lists_its_newest_first_page_after_page(
    triage_officer: User, supervisor_police: User
) -> None:
    reports = _naming(triage_officer, "dgsn-cyber-ce", 30)
    newest_first = [report.reference for report in reversed(reports)]
    client = personas.signed_in_client(supervisor_police)
    first = _results(client)
    assert _shown(first) == newest_first[:25]
    assert "30 reports match." in first
    assert _shown(_results(client, page="2")) == newest_first[25:]


def test_past_the_bound_of_the_read_the_page_says_more_and_shows_the_newest(
    triage_officer: User, supervisor_police: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = _naming(triage_officer, "dgsn-cyber-ce", 12)
    monkeypatch.setattr(search_identifiers, "NEWEST_REPORTS", 10)
    page = _results(personas.signed_in_client(supervisor_police))
    assert "More than 10 reports match" in page
    assert _shown(page) == [report.reference for report in reversed(reports)][:10]


def test_a_reader_finds_only_the_reports_and_cases_of_the_identifier_they_may_see(
    triage_officer: User, investigator_centre: User, investigator_littoral: User
) -> None:
    littoral = _naming(triage_officer, "dgsn-cyber-lt", 3)
    centre = _naming(triage_officer, "dgsn-cyber-ce", 8)
    case = lifecycle.case_open(report=littoral[0], actor=investigator_littoral, title="Compte")
    own = _results(personas.signed_in_client(investigator_littoral))
    assert set(_shown(own)) == {report.reference for report in littoral}
    assert case.number in own
    other = _results(personas.signed_in_client(investigator_centre))
    assert set(_shown(other)) == {report.reference for report in centre}
    assert case.number not in other
    assert "8 reports match." in other


def test_the_gate_is_checked_on_growing_slices_until_enough_are_found(
    triage_officer: User,
) -> None:
    reports = _naming(triage_officer, "dgsn-cyber-ce", 30)
    newest_first = [report.pk for report in reversed(reports)]
    # Only the two oldest are in the scope: the first slice (8 ids) holds neither.
    scope = Report.objects.filter(pk__in=newest_first[-2:])
    one = search_identifiers.reports_naming(scope, newest_first, wanted=1)
    assert one.ids == [newest_first[-2]]
    assert one.more
    both = search_identifiers.reports_naming(scope, newest_first, wanted=5)
    assert both.ids == newest_first[-2:]
    assert not both.more


def test_the_cases_follow_the_order_of_their_newest_report_naming_the_identifier(
    triage_officer: User, investigator_centre: User
) -> None:
    older, middle, newer = _naming(triage_officer, "dgsn-cyber-ce", 3)
    first = lifecycle.case_open(report=older, actor=investigator_centre, title="Ancien")
    second = lifecycle.case_open(report=newer, actor=investigator_centre, title="Récent")
    ids = search_identifiers.newest_report_ids([("momo_account", "+237651234567")])
    assert ids == [newer.pk, middle.pk, older.pk]
    found = search_identifiers.cases_naming(Case.objects.all(), ids, wanted=5)
    assert found.ids == [second.pk, first.pk]


@on_postgresql
def test_each_identifier_is_read_backwards_from_the_sightings_covering_index(
    triage_officer: User, supervisor_police: User
) -> None:
    _naming(triage_officer, "dgsn-cyber-ce", 3)
    with CaptureQueriesContext(connection) as captured:
        _results(personas.signed_in_client(supervisor_police))
    reads = [q["sql"] for q in captured.captured_queries if "intake_sighting" in q["sql"]]
    assert reads, "the sightings were read"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {reads[0]}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # On PostgreSQL each monthly partition has its copy of the covering index, merged in order.
    scans = re.findall(r"Index Only Scan Backward using (\S+)", plan)
    assert scans, plan
    assert all(
        "type_value_report_id" in name or name == "sighting_identifier_report" for name in scans
    )
