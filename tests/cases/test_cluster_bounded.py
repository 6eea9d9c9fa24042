"""A cluster around a value named by many reports: the drawing stays within its bounds and says
how many reports the reader may see ("showing N of M"), the reports of one identifier come page
by page, and no count ever includes a report the reader may not see."""

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import Unit, User
from vigilance.cases import access
from vigilance.cases.selectors import cluster as cluster_selectors
from vigilance.cases.selectors import cluster_walk
from vigilance.cases.selectors.cluster import report_cluster
from vigilance.cases.selectors.cluster_listing import cluster_identifier_listing
from vigilance.cases.selectors.cluster_reports import (
    InvalidCursor,
    identifier_reports_page,
    indicator_reports_page,
)
from vigilance.cases.selectors.cluster_walk import ClusterLimits
from vigilance.cases.services import lifecycle, work
from vigilance.core.errors import NotFound
from vigilance.indicators.models import Indicator
from vigilance.intake.models import REPORT_IDS_KEPT, IdentifierReports, Report

pytestmark = pytest.mark.django_db

HOT = "6 99 00 00 01"
SMALL = ClusterLimits(reports=3)


@pytest.fixture
def ours(triage_officer: User) -> list[Report]:
    """Five reports of the Centre naming the same number."""
    return [report_naming(triage_officer, HOT) for _ in range(5)]


@pytest.fixture
def north(triage_officer: User, ours: list[Report]) -> list[Report]:
    """Three reports of the North naming it too, which the Centre may not see."""
    return [report_naming(triage_officer, HOT, unit=NORTH) for _ in range(3)]


def test_a_cluster_beyond_its_bound_draws_the_bound_and_counts_what_the_reader_sees(
    investigator_centre: User, ours: list[Report]
) -> None:
    cluster = report_cluster(user=investigator_centre, report=ours[0], limits=SMALL)

    assert len(cluster.reports) == 3
    assert cluster.is_truncated
    assert cluster.visible_report_total == 5
    assert [indicator.visible_report_count for indicator in cluster.indicators] == [5]


def test_counts_leave_out_the_reports_the_reader_may_not_see(
    investigator_centre: User, gendarme_north: User, ours: list[Report], north: list[Report]
) -> None:
    assert Indicator.objects.get().report_count == 8

    centre = report_cluster(user=investigator_centre, report=ours[0])
    gendarme = report_cluster(user=gendarme_north, report=north[0])

    assert centre.visible_report_total == 5
    assert [indicator.visible_report_count for indicator in centre.indicators] == [5]
    assert gendarme.visible_report_total == 3
    assert [indicator.visible_report_count for indicator in gendarme.indicators] == [3]


def test_an_identifier_named_more_often_than_its_kept_reports_is_counted_as_a_floor(
    investigator_centre: User, triage_officer: User, ours: list[Report], north: list[Report]
) -> None:
    """A value named by more reports than ``IdentifierReports`` keeps: the reader's count among
    the kept ones is a floor ("5+"), and one who sees every report reads "1000+"."""
    indicator = Indicator.objects.get()
    kept = IdentifierReports.objects.get(type=indicator.type, value=indicator.value)
    later = range(10**9, 10**9 + REPORT_IDS_KEPT - len(kept.report_ids))
    kept.report_ids = [*kept.report_ids, *later]
    kept.save()
    assert access.sees_everything(triage_officer)

    centre = report_cluster(user=investigator_centre, report=ours[0])
    everything = report_cluster(user=triage_officer, report=ours[0])
    answer = personas.signed_in_client(investigator_centre).get(
        f"/api/v1/staff/reports/{ours[0].public_id}/cluster"
    )
    page = personas.signed_in_client(investigator_centre).get(
        f"/en/staff/reports/{ours[0].public_id}/cluster/?identifier={centre.indicators[0].key}"
    )

    assert [
        (i.visible_report_count_label, i.visible_report_count_is_floor) for i in centre.indicators
    ] == [("5+", True)]
    assert centre.visible_report_total_label == "5+"
    assert [i.visible_report_count_label for i in everything.indicators] == ["1000+"]
    assert everything.visible_report_total_label == "1000+"
    body = answer.json()
    assert (body["visible_report_total"], body["visible_report_total_at_least"]) == (5, True)
    assert (
        body["indicators"][0]["report_count"],
        body["indicators"][0]["report_count_at_least"],
    ) == (5, True)
    assert "At least 5 reports you may see name it" in page.content.decode()


def test_the_reports_of_one_identifier_come_page_by_page_and_only_those_the_reader_sees(
    investigator_centre: User, ours: list[Report], north: list[Report]
) -> None:
    cluster = report_cluster(user=investigator_centre, report=ours[0], limits=SMALL)
    indicator = Indicator.objects.get(pk=cluster.indicators[0].indicator_id)
    reader = access.reader_resolve(investigator_centre)

    listed, cursor = [], ""
    while True:
        page = indicator_reports_page(reader=reader, indicator=indicator, cursor=cursor, size=2)
        listed += [report.reference for report in page.reports]
        cursor = page.next_cursor
        if not cursor:
            break

    assert listed == [report.reference for report in sorted(ours, key=lambda r: r.pk)]


def test_a_cursor_not_made_here_is_refused(investigator_centre: User, ours: list[Report]) -> None:
    reader = access.reader_resolve(investigator_centre)
    with pytest.raises(InvalidCursor):
        indicator_reports_page(reader=reader, indicator=Indicator.objects.get(), cursor="12")


def test_an_identifier_only_others_name_cannot_be_listed(
    investigator_centre: User, triage_officer: User, ours: list[Report]
) -> None:
    report_naming(triage_officer, HOT, "6 99 00 00 07", unit=NORTH)
    cluster = report_cluster(user=investigator_centre, report=ours[0])
    hidden = next(indicator for indicator in cluster.indicators if not indicator.is_known)

    with pytest.raises(NotFound):
        cluster_identifier_listing(user=investigator_centre, subject=ours[0], key=hidden.key)


def test_the_api_lists_an_identifiers_reports_with_a_next_cursor_and_refuses_a_bad_one(
    investigator_centre: User, ours: list[Report], north: list[Report]
) -> None:
    client = personas.signed_in_client(investigator_centre)
    base = f"/api/v1/staff/reports/{ours[0].public_id}/cluster"
    cluster = client.get(base, HTTP_ACCEPT_LANGUAGE="en").json()
    key = cluster["indicators"][0]["key"]

    assert cluster["visible_report_total"] == 5
    assert cluster["indicators"][0]["report_count"] == 5
    listed = client.get(f"{base}/identifiers/{key}/reports", HTTP_ACCEPT_LANGUAGE="en").json()
    assert sorted(r["reference"] for r in listed["reports"]) == sorted(r.reference for r in ours)
    assert listed["next"] is None
    for report in north:
        assert report.reference not in str(listed)

    bad = client.get(f"{base}/identifiers/{key}/reports?after=x", HTTP_ACCEPT_LANGUAGE="fr")
    assert bad.status_code == 400
    assert "n'est pas valable" in bad.json()["error"]["message"]
    assert client.get(f"{base}/identifiers/i0/reports").status_code == 404


def test_the_page_says_how_many_it_shows_and_lists_an_identifiers_reports(
    investigator_centre: User, ours: list[Report], north: list[Report], monkeypatch: Any
) -> None:
    monkeypatch.setattr(cluster_selectors, "LIMITS", SMALL)
    client = personas.signed_in_client(investigator_centre)
    url = f"/en/staff/reports/{ours[0].public_id}/cluster/"
    key = report_cluster(user=investigator_centre, report=ours[0]).indicators[0].key

    drawn = client.get(url)
    listed = client.get(f"{url}?identifier={key}")
    bad = client.get(f"{url}?identifier={key}&after=forged", HTTP_ACCEPT_LANGUAGE="fr")

    assert "Showing 3 of the 5 reports you may see" in drawn.content.decode()
    assert f"?identifier={key}#listed" in drawn.content.decode()
    assert listed.status_code == 200
    text = listed.content.decode()
    for report in ours:
        assert report.reference in text
    for report in north:
        assert report.reference not in text
    assert "5 reports you may see name it" in text
    assert bad.status_code == 400
    assert "This link to more reports is not valid" in bad.content.decode()


def _cluster_of_shape(triage_officer: User, gendarme_north: User, phone: str, size: int) -> Report:
    """A cluster an investigator of the Centre sees in part: ``size`` reports of the Centre,
    ``size`` of the North of which one is in a case the North shares with the Centre, all
    naming ``phone``; returns the first."""
    first = report_naming(triage_officer, phone)
    for _ in range(size - 1):
        report_naming(triage_officer, phone)
    theirs = [report_naming(triage_officer, phone, unit=NORTH) for _ in range(size)]
    case = lifecycle.case_open(report=theirs[0], actor=gendarme_north)
    work.case_share_add(
        case=case,
        reason="Même numéro",
        expires_at=timezone.now() + dt.timedelta(days=30),
        actor=gendarme_north,
        unit=Unit.objects.get(code="dgsn-cyber-ce"),
    )
    return first


def test_a_walk_reads_the_readers_need_to_know_once_and_as_many_queries_for_a_bigger_cluster(
    triage_officer: User, investigator_centre: User, gendarme_north: User
) -> None:
    small = _cluster_of_shape(triage_officer, gendarme_north, "6 99 00 00 11", 2)
    big = _cluster_of_shape(triage_officer, gendarme_north, "6 99 00 00 22", 6)

    with CaptureQueriesContext(connection) as small_walk:
        small_cluster = report_cluster(user=investigator_centre, report=small)
    with CaptureQueriesContext(connection) as big_walk:
        big_cluster = report_cluster(user=investigator_centre, report=big)

    assert len(big_walk) == len(small_walk)
    # The unit ids and the shares are read once per walk, not at each visibility check.
    for queries in (small_walk, big_walk):
        sql = [query["sql"] for query in queries.captured_queries]
        assert len([q for q in sql if q.startswith('SELECT "accounts_unit"."id"')]) == 1
        assert len([q for q in sql if 'FROM "cases_caseshare"' in q]) == 1
    # The shared report of the North is visible, the others only as placeholders.
    assert small_cluster.visible_report_total == 3
    assert big_cluster.visible_report_total == 7
    assert (len(small_cluster.reports), len(big_cluster.reports)) == (4, 12)


def test_an_identifiers_reports_come_without_walking_the_cluster(
    triage_officer: User, investigator_centre: User, gendarme_north: User
) -> None:
    small = _cluster_of_shape(triage_officer, gendarme_north, "6 99 00 00 11", 2)
    big = _cluster_of_shape(triage_officer, gendarme_north, "6 99 00 00 22", 6)
    client = personas.signed_in_client(investigator_centre)

    def listing(report: Report) -> tuple[int, list[str]]:
        key = report_cluster(user=investigator_centre, report=report).indicators[0].key
        url = f"/api/v1/staff/reports/{report.public_id}/cluster/identifiers/{key}/reports"
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
        assert answer.status_code == 200
        return len(queries), [item["reference"] for item in answer.json()["reports"]]

    small_queries, small_listed = listing(small)
    big_queries, big_listed = listing(big)

    assert big_queries == small_queries
    assert len(small_listed) == 3
    assert len(big_listed) == 7


def test_an_identifier_no_report_the_reader_sees_names_is_not_found(
    triage_officer: User, investigator_centre: User, ours: list[Report]
) -> None:
    theirs = report_naming(triage_officer, "6 99 00 00 77", unit=NORTH)
    hidden = Indicator.objects.get(value__endswith="699000077")
    listed = Indicator.objects.get(value__endswith="699000001")
    client = personas.signed_in_client(investigator_centre)
    base = f"/api/v1/staff/reports/{ours[0].public_id}/cluster/identifiers"

    assert client.get(f"{base}/i{listed.pk}/reports").status_code == 200
    assert client.get(f"{base}/i{hidden.pk}/reports").status_code == 404
    assert client.get(f"{base}/x{listed.pk}/reports").status_code == 404
    with pytest.raises(NotFound):
        identifier_reports_page(user=investigator_centre, key=f"i{hidden.pk}")
    Indicator.objects.filter(pk=listed.pk).update(is_warning_listed=True)
    assert client.get(f"{base}/i{listed.pk}/reports").status_code == 404
    assert theirs.reference


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index-ordered hop")
def test_a_hop_reads_the_bound_not_every_sighting_of_a_value(
    triage_officer: User, investigator_centre: User
) -> None:
    for _ in range(30):
        report_naming(triage_officer, "6 99 00 00 55")
    indicator = Indicator.objects.get(value__endswith="699000055")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_sighting")
    part = (indicator.pk, indicator.type, indicator.value)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + cluster_walk._NAMED_BY_PART,
            [part[1], part[2], part[0], 4],
        )
        (plan,) = cursor.fetchone()

    def index_rows(node: dict[str, Any]) -> int:
        own = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        rows = own if "Index" in node["Node Type"] else 0
        return rows + sum(index_rows(child) for child in node.get("Plans", []))

    top = plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]
    assert top["Actual Rows"] == 4
    # At most the limit per partition scanned, whatever the 30 sightings.
    assert index_rows(top) <= 4 * 2
    assert len(list(cluster_walk._named_by([part], 4))) == 4


def test_the_walks_reports_and_the_counts_kept_reports_are_checked_in_one_need_to_know(
    investigator_centre: User, ours: list[Report], north: list[Report]
) -> None:
    """The kept reports of the cluster's identifiers are read before the need-to-know, so
    that one check (three look-ups by report id) decides the walk's reports and the counts'."""
    with CaptureQueriesContext(connection) as queries:
        cluster = report_cluster(user=investigator_centre, report=ours[0], limits=SMALL)

    # Quotes left out: some of these statements are Django's, some written by hand.
    sql = [query["sql"].replace('"', "") for query in queries.captured_queries]
    assert len([q for q in sql if "FROM intake_report_informed_units" in q]) == 1
    assert len([q for q in sql if q.startswith("SELECT cases_casereport.report_id")]) == 1
    assert len([q for q in sql if "FROM intake_identifierreports" in q]) == 1
    assert cluster.visible_report_total == 5
    assert [indicator.visible_report_count for indicator in cluster.indicators] == [5]
