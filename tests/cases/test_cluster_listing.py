"""One identifier's reports under a cluster's page, answered without drawing the cluster: the
same reports and count as the drawn cluster's, only what the reader may see, a key the cluster
does not reach refused, page by page, in a fixed number of statements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.cases.models import Case
from vigilance.cases.selectors.cluster import case_cluster, report_cluster
from vigilance.cases.selectors.cluster_listing import cluster_identifier_listing
from vigilance.cases.services import lifecycle
from vigilance.core.errors import NotFound
from vigilance.indicators.models import Indicator
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

FIRST, SECOND, ELSEWHERE = "6 99 00 00 01", "6 99 00 00 02", "6 99 00 00 09"
# The listing's statements, whatever the cluster's size: the session, its user, their second
# factor, organisation and unit (5), the reader's units and shares, read once (2), the report
# through the gate (1), the subject's own need-to-know (1), the walk's hop that reaches the
# identifier (1), the identifier (1), the page and its reports (2), the kept report ids and
# their count (2), the session saved (3); on PostgreSQL the page's sorting turned off and back
# on inside the test's transaction (2).
LISTING_STATEMENTS = 18 + (2 if connection.vendor == "postgresql" else 0)


@pytest.fixture
def shape(triage_officer: User, gendarme_north: User) -> dict[str, list[Report]]:
    """Centre reports naming FIRST, one naming FIRST and SECOND, more Centre reports naming
    SECOND (two hops from the first), North reports naming both, one of them in a North case."""
    ours = [report_naming(triage_officer, FIRST) for _ in range(3)]
    ours.append(report_naming(triage_officer, FIRST, SECOND))
    far = [report_naming(triage_officer, SECOND) for _ in range(3)]
    theirs = [report_naming(triage_officer, FIRST, SECOND, unit=NORTH) for _ in range(2)]
    lifecycle.case_open(report=theirs[0], actor=gendarme_north)
    report_naming(triage_officer, ELSEWHERE)
    return {"ours": ours, "far": far, "theirs": theirs}


def _listed(user: User, subject: Report | Case, key: str, size: int = 50) -> list[str]:
    references, cursor = [], ""
    while True:
        listing = cluster_identifier_listing(
            user=user, subject=subject, key=key, cursor=cursor, size=size
        )
        references += [report.reference for report in listing.page.reports]
        cursor = listing.page.next_cursor
        if not cursor:
            return references


def test_the_listing_shows_what_the_drawn_cluster_listed_for_each_identifier(
    investigator_centre: User, gendarme_north: User, shape: dict[str, list[Report]]
) -> None:
    """Compared with the former path: the cluster drawn, its known identifiers and their counts,
    and the reports the reader may see linked to each (the former page's query), for the
    readers of both units and for an identifier two hops away."""
    for user, start in ((investigator_centre, shape["ours"][0]), (gendarme_north,
                                                                  shape["theirs"][1])):  # fmt: skip
        cluster = report_cluster(user=user, report=start)
        for indicator in cluster.indicators:
            former = (
                access.reports_visible_to(user)
                .filter(identifiers__indicator_id=indicator.indicator_id)
                .filter(identifiers__indicator__is_warning_listed=False)
                .distinct()
                .order_by("pk")
            )
            listing = cluster_identifier_listing(user=user, subject=start, key=indicator.key)

            assert listing.page.reports == list(former)
            assert listing.count.value == indicator.visible_report_count
            assert listing.count.is_floor == indicator.visible_report_count_is_floor
            assert listing.shown == indicator.shown


def test_a_reader_of_another_unit_sees_neither_the_reports_nor_the_count_of_ours(
    investigator_centre: User, gendarme_north: User, shape: dict[str, list[Report]]
) -> None:
    key = f"i{Indicator.objects.get(value__endswith='699000001').pk}"

    north = cluster_identifier_listing(user=gendarme_north, subject=shape["theirs"][1], key=key)
    centre = cluster_identifier_listing(user=investigator_centre, subject=shape["ours"][0], key=key)

    assert {r.reference for r in north.page.reports} == {r.reference for r in shape["theirs"]}
    assert north.count.value == 2
    assert {r.reference for r in centre.page.reports} == {r.reference for r in shape["ours"]}
    assert centre.count.value == 4
    # The North's page of a Centre report is not theirs to open, listing or not.
    url = reverse("cases:report_cluster", kwargs={"report_id": shape["ours"][0].public_id})
    answer = personas.signed_in_client(gendarme_north).get(f"{url}?identifier={key}")
    assert answer.status_code == 404


def test_a_key_the_cluster_does_not_reach_is_refused_even_if_the_reader_sees_it(
    investigator_centre: User, shape: dict[str, list[Report]]
) -> None:
    elsewhere = Indicator.objects.get(value__endswith="699000009")
    url = reverse("cases:report_cluster", kwargs={"report_id": shape["ours"][0].public_id})
    client = personas.signed_in_client(investigator_centre)

    for key in (f"i{elsewhere.pk}", "i0", "x1", f"i{elsewhere.pk}x", "i99999999"):
        with pytest.raises(NotFound):
            cluster_identifier_listing(user=investigator_centre, subject=shape["ours"][0], key=key)
        assert client.get(f"{url}?identifier={key}").status_code == 404


def test_an_identifier_two_hops_away_is_listed_and_a_case_lists_as_its_reports_do(
    investigator_centre: User, shape: dict[str, list[Report]]
) -> None:
    second = f"i{Indicator.objects.get(value__endswith='699000002').pk}"
    case = lifecycle.case_open(report=shape["ours"][0], actor=investigator_centre)
    expected = sorted((r for r in [shape["ours"][3], *shape["far"]]), key=lambda report: report.pk)

    assert _listed(investigator_centre, shape["ours"][0], second) == [r.reference for r in expected]
    assert _listed(investigator_centre, case, second) == [r.reference for r in expected]
    assert second in {
        item.key for item in case_cluster(user=investigator_centre, case=case).indicators
    }


def test_the_pages_follow_the_cursor_without_repeating_or_skipping(
    investigator_centre: User, shape: dict[str, list[Report]]
) -> None:
    key = f"i{Indicator.objects.get(value__endswith='699000002').pk}"
    whole = _listed(investigator_centre, shape["ours"][0], key)
    url = reverse("cases:report_cluster", kwargs={"report_id": shape["ours"][0].public_id})
    first = personas.signed_in_client(investigator_centre).get(f"{url}?identifier={key}")

    assert _listed(investigator_centre, shape["ours"][0], key, size=1) == whole
    assert _listed(investigator_centre, shape["ours"][0], key, size=3) == whole
    assert len(whole) == 4
    assert first.status_code == 200
    assert 'rel="next"' not in first.content.decode()


def test_the_listing_takes_a_fixed_number_of_statements_and_never_draws_the_cluster(
    triage_officer: User, investigator_centre: User
) -> None:
    small = report_naming(triage_officer, "6 99 00 00 11")
    report_naming(triage_officer, "6 99 00 00 11")
    big = report_naming(triage_officer, "6 99 00 00 22")
    for _ in range(12):
        report_naming(triage_officer, "6 99 00 00 22", "6 99 00 00 23")
    client = personas.signed_in_client(investigator_centre)

    def statements(report: Report, value: str) -> list[str]:
        key = f"i{Indicator.objects.get(value__endswith=value).pk}"
        url = reverse("cases:report_cluster", kwargs={"report_id": report.public_id})
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(f"{url}?identifier={key}")
        assert answer.status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    for sql in (statements(small, "699000011"), statements(big, "699000022")):
        assert len(sql) == LISTING_STATEMENTS
        # No report row of the cluster is read, nor anyone's access request.
        assert not [q for q in sql if 'FROM "cases_accessrequest"' in q]
