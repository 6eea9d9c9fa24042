"""A cluster around a value named by many reports: the drawing stays within its bounds and says
how many reports the reader may see ("showing N of M"), the reports of one identifier come page
by page, and no count ever includes a report the reader may not see."""

from typing import Any

import pytest

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases.selectors import cluster as cluster_selectors
from vigilance.cases.selectors.cluster import (
    ClusterLimits,
    cluster_indicator_id,
    report_cluster,
)
from vigilance.cases.selectors.cluster_reports import (
    InvalidCursor,
    indicator_reports_page,
)
from vigilance.core.errors import NotFound
from vigilance.indicators.models import Indicator
from vigilance.intake.models import Report

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


def test_the_reports_of_one_identifier_come_page_by_page_and_only_those_the_reader_sees(
    investigator_centre: User, ours: list[Report], north: list[Report]
) -> None:
    cluster = report_cluster(user=investigator_centre, report=ours[0], limits=SMALL)
    indicator_id = cluster_indicator_id(cluster=cluster, key=cluster.indicators[0].key)

    listed, cursor = [], ""
    while True:
        page = indicator_reports_page(
            user=investigator_centre, indicator_id=indicator_id, cursor=cursor, size=2
        )
        listed += [report.reference for report in page.reports]
        cursor = page.next_cursor
        if not cursor:
            break

    assert listed == [report.reference for report in sorted(ours, key=lambda r: r.pk)]


def test_a_cursor_not_made_here_is_refused(investigator_centre: User, ours: list[Report]) -> None:
    indicator_id = Indicator.objects.get().pk
    with pytest.raises(InvalidCursor):
        indicator_reports_page(user=investigator_centre, indicator_id=indicator_id, cursor="12")


def test_an_identifier_only_others_name_cannot_be_listed(
    investigator_centre: User, triage_officer: User, ours: list[Report]
) -> None:
    report_naming(triage_officer, HOT, "6 99 00 00 07", unit=NORTH)
    cluster = report_cluster(user=investigator_centre, report=ours[0])
    hidden = next(indicator for indicator in cluster.indicators if not indicator.is_known)

    with pytest.raises(NotFound):
        cluster_indicator_id(cluster=cluster, key=hidden.key)


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

    listed = client.get(f"{url}?identifier={key}")
    bad = client.get(f"{url}?identifier={key}&after=forged", HTTP_ACCEPT_LANGUAGE="fr")

    assert listed.status_code == 200
    text = listed.content.decode()
    for report in ours:
        assert report.reference in text
    for report in north:
        assert report.reference not in text
    assert "Showing 3 of the 5 reports you may see" in text
    assert "5 reports you may see name it" in text
    assert bad.status_code == 400
