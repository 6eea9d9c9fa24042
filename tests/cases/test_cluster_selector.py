"""Clusters: reports linked through shared indicators, transitively, within bounds, and through
need-to-know. Reports are filed through ``report_submit`` so that sightings are linked by the
real code path."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.selectors.cluster import case_cluster, report_cluster, report_key
from vigilance.cases.selectors.cluster_walk import ClusterLimits
from vigilance.cases.services import lifecycle
from vigilance.core.errors import NotFound
from vigilance.indicators.models import Indicator
from vigilance.intake import services, staff
from vigilance.intake.correlation import FoundIdentifier, extracted_sightings, sighting_confirm
from vigilance.intake.models import Report, Sighting

pytestmark = pytest.mark.django_db

CENTRE = "dgsn-cyber-ce"
NORTH = "sed-cyber-no"


def report_naming(
    triage_officer: User, *phones: str, unit: str = CENTRE, **changes: object
) -> Report:
    """A report naming these suspect phone numbers, routed to ``unit``."""
    identifiers = [services.IdentifierInput(type="phone", value=phone) for phone in phones]
    draft = report_draft(identifiers=identifiers, **changes)
    report = services.report_submit(draft=draft, channel="web").report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


def _references(cluster) -> set[str]:  # type: ignore[no-untyped-def]
    return {report.reference for report in cluster.reports if report.is_visible}


def test_two_reports_naming_the_same_number_form_a_cluster(
    triage_officer: User, investigator_centre: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    second = report_naming(triage_officer, "699000001")
    report_naming(triage_officer, "6 99 00 00 99")
    cluster = report_cluster(user=investigator_centre, report=first)
    assert _references(cluster) == {first.reference, second.reference}
    assert [indicator.shown for indicator in cluster.indicators] == ["+237 6 99 00 00 01"]
    assert len(cluster.edges) == 2
    assert not cluster.is_truncated


def test_a_cluster_reaches_reports_two_hops_away(
    triage_officer: User, investigator_centre: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    middle = report_naming(triage_officer, "6 99 00 00 01", "6 99 00 00 02")
    far = report_naming(triage_officer, "6 99 00 00 02", "6 99 00 00 03")
    farthest = report_naming(triage_officer, "6 99 00 00 03")
    cluster = report_cluster(user=investigator_centre, report=first)
    assert _references(cluster) == {
        first.reference,
        middle.reference,
        far.reference,
        farthest.reference,
    }
    assert len(cluster.indicators) == 3
    starts = [report.reference for report in cluster.reports if report.is_start]
    assert starts == [first.reference]


def test_a_warning_listed_indicator_links_nothing(
    triage_officer: User, investigator_centre: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    report_naming(triage_officer, "6 99 00 00 01")
    Indicator.objects.filter(type="phone", value="+237699000001").update(is_warning_listed=True)
    cluster = report_cluster(user=investigator_centre, report=first)
    assert _references(cluster) == {first.reference}
    assert cluster.indicators == []
    assert cluster.edges == []


def test_a_sighting_without_indicator_links_nothing_until_confirmed(
    triage_officer: User, investigator_centre: User, cirt_analyst: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    second = report_naming(triage_officer, "6 99 00 00 02")
    found = extracted_sightings(second, [FoundIdentifier("phone", "+237699000001", "mtn")])
    Sighting.objects.bulk_create(found)
    assert _references(report_cluster(user=investigator_centre, report=first)) == {first.reference}
    sighting_confirm(
        sighting=Sighting.objects.get(report=second, source="extracted"), actor=cirt_analyst
    )
    assert _references(report_cluster(user=investigator_centre, report=first)) == {
        first.reference,
        second.reference,
    }


def test_a_cluster_stops_at_its_bounds_and_says_so(
    triage_officer: User, investigator_centre: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    for _index in range(4):
        report_naming(triage_officer, "6 99 00 00 01")
    cluster = report_cluster(
        user=investigator_centre, report=first, limits=ClusterLimits(reports=3)
    )
    assert len(cluster.reports) == 3
    assert cluster.is_truncated


def test_a_cluster_stops_at_its_depth_and_says_so(
    triage_officer: User, investigator_centre: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    second = report_naming(triage_officer, "6 99 00 00 01", "6 99 00 00 02")
    report_naming(triage_officer, "6 99 00 00 02")
    cluster = report_cluster(user=investigator_centre, report=first, limits=ClusterLimits(depth=1))
    assert _references(cluster) == {first.reference, second.reference}
    assert cluster.is_truncated


def test_the_walk_takes_as_many_queries_for_a_big_cluster_as_for_a_small_one(
    triage_officer: User, investigator_centre: User
) -> None:
    # The same shape (one number shared, each other report with a number of its own), 3 reports.
    small = report_naming(triage_officer, "6 99 00 00 02")
    for index in range(2):
        report_naming(triage_officer, "6 99 00 00 02", f"6 99 00 02 {index:02d}")
    first = report_naming(triage_officer, "6 99 00 00 01")
    for index in range(12):
        report_naming(triage_officer, "6 99 00 00 01", f"6 99 00 01 {index:02d}")
    with CaptureQueriesContext(connection) as small_walk:
        assert len(report_cluster(user=investigator_centre, report=small).reports) == 3
    with CaptureQueriesContext(connection) as big_walk:
        cluster = report_cluster(user=investigator_centre, report=first)
    assert len(cluster.reports) == 13
    assert len(big_walk) == len(small_walk)


def test_a_report_of_another_unit_is_restricted_to_its_holder(
    triage_officer: User, investigator_centre: User, gendarme_north: User
) -> None:
    mine = report_naming(triage_officer, "6 99 00 00 01")
    theirs = report_naming(triage_officer, "6 99 00 00 01", "6 99 00 00 07", unit=NORTH)
    case = lifecycle.case_open(report=theirs, actor=gendarme_north)
    cluster = report_cluster(user=investigator_centre, report=mine)
    restricted = [report for report in cluster.reports if not report.is_visible]
    assert len(restricted) == 1
    hidden = restricted[0]
    assert hidden.reference == ""
    assert hidden.category == ""
    assert hidden.public_id == ""
    assert hidden.in_case
    assert hidden.case_number == ""
    assert hidden.owner_unit == case.owning_unit.name
    assert hidden.owner_organisation == case.owning_unit.organisation.name
    assert cluster.restricted == {report_key(investigator_centre, theirs.pk): theirs.pk}
    # The number only the gendarmes' report names is in the cluster, but not shown.
    shown = {indicator.shown for indicator in cluster.indicators if indicator.is_known}
    assert shown == {"+237 6 99 00 00 01"}
    assert len(cluster.indicators) == 2
    assert all(edge.role == "" for edge in cluster.edges if edge.report_key == hidden.key)


def test_the_cluster_of_a_report_outside_need_to_know_is_not_found(
    triage_officer: User, gendarme_north: User
) -> None:
    report = report_naming(triage_officer, "6 99 00 00 01")
    with pytest.raises(NotFound):
        report_cluster(user=gendarme_north, report=report)


def test_a_case_cluster_starts_from_all_its_reports(
    triage_officer: User, investigator_centre: User
) -> None:
    first = report_naming(triage_officer, "6 99 00 00 01")
    second = report_naming(triage_officer, "6 99 00 00 02")
    linked = report_naming(triage_officer, "6 99 00 00 02")
    case = lifecycle.case_open(report=first, actor=investigator_centre)
    lifecycle.case_attach_report(case=case, report=second, actor=investigator_centre)
    cluster = case_cluster(user=investigator_centre, case=case)
    assert _references(cluster) == {first.reference, second.reference, linked.reference}
    starts = {report.reference for report in cluster.reports if report.is_start}
    assert starts == {first.reference, second.reference}
    in_case = {r.reference: r.case_number for r in cluster.reports}
    assert in_case[first.reference] == case.number
    assert in_case[linked.reference] == ""
