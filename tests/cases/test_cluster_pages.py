"""The cluster pages of a report and of a case: the drawing and the list, a report of another
unit shown only as restricted with its holder, and 404 outside need-to-know."""

import re

import pytest
from django.urls import reverse

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

# The drawing of the cluster (the page has other SVG pictures, such as the menu icon).
GRAPH = '<svg class="cluster-graph"'
SECRET = "Narrative only the gendarmes of the North may read"


@pytest.fixture
def mine(triage_officer: User) -> Report:
    return report_naming(triage_officer, "6 99 00 00 01")


@pytest.fixture
def theirs(triage_officer: User, gendarme_north: User, mine: Report) -> Report:
    report = report_naming(
        triage_officer,
        "6 99 00 00 01",
        "6 99 00 00 07",
        unit=NORTH,
        category="mobile_money_fraud",
        description=SECRET,
    )
    lifecycle.case_open(report=report, actor=gendarme_north)
    return report


def _report_page(user: User, report: Report):  # type: ignore[no-untyped-def]
    url = reverse("cases:report_cluster", kwargs={"report_id": report.public_id})
    return personas.signed_in_client(user).get(url)


def test_the_report_page_links_to_its_cluster(investigator_centre: User, mine: Report) -> None:
    url = reverse("cases:report_detail", kwargs={"report_id": mine.public_id})
    page = personas.signed_in_client(investigator_centre).get(url).content.decode()
    assert reverse("cases:report_cluster", kwargs={"report_id": mine.public_id}) in page


def test_the_case_page_links_to_its_cluster(investigator_centre: User, mine: Report) -> None:
    case = lifecycle.case_open(report=mine, actor=investigator_centre)
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    page = personas.signed_in_client(investigator_centre).get(url).content.decode()
    assert reverse("cases:case_cluster", kwargs={"case_id": case.public_id}) in page


def test_a_report_of_another_unit_shows_only_its_holder(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    answer = _report_page(investigator_centre, mine)
    assert answer.status_code == 200
    page = answer.content.decode()
    case = Case.objects.get(case_reports__report=theirs)
    assert mine.reference in page
    assert theirs.reference not in page
    assert str(theirs.public_id) not in page
    assert case.number not in page
    assert SECRET not in page
    assert "Mobile-money fraud" not in page
    assert "+237 6 99 00 00 07" not in page
    assert "Restricted report" in page
    assert f"in a case of {case.owning_unit.name} ({case.owning_unit.organisation.name})" in page
    assert "Ask for access" in page


def test_the_drawing_has_a_node_per_report_and_identifier(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    page = _report_page(investigator_centre, mine).content.decode()
    svg = page[page.index(GRAPH) : page.index("</svg>", page.index(GRAPH))]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert len(re.findall(r'class="cluster-node cluster-report', svg)) == 2
    assert len(re.findall(r'class="cluster-node cluster-indicator', svg)) == 2
    assert 'stroke-dasharray="6 4"' in svg
    assert "style=" not in svg


def test_the_drawing_is_the_same_each_time(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    first = _report_page(investigator_centre, mine).content.decode()
    second = _report_page(investigator_centre, mine).content.decode()
    assert (
        first[first.index(GRAPH) : first.index("</svg>", first.index(GRAPH))]
        == (second[second.index(GRAPH) : second.index("</svg>", second.index(GRAPH))])
    )


def test_a_user_without_access_to_the_report_gets_404(gendarme_north: User, mine: Report) -> None:
    assert _report_page(gendarme_north, mine).status_code == 404


def test_a_user_without_access_to_the_case_gets_404(
    investigator_centre: User, theirs: Report
) -> None:
    case = Case.objects.get(case_reports__report=theirs)
    url = reverse("cases:case_cluster", kwargs={"case_id": case.public_id})
    assert personas.signed_in_client(investigator_centre).get(url).status_code == 404


def test_the_case_cluster_page_lists_the_linked_reports(
    investigator_centre: User, gendarme_north: User, mine: Report, theirs: Report
) -> None:
    case = Case.objects.get(case_reports__report=theirs)
    url = reverse("cases:case_cluster", kwargs={"case_id": case.public_id})
    page = personas.signed_in_client(gendarme_north).get(url).content.decode()
    assert theirs.reference in page
    assert mine.reference not in page
    assert "held by" in page


def test_a_report_naming_nothing_shared_says_so(investigator_centre: User, mine: Report) -> None:
    page = _report_page(investigator_centre, mine).content.decode()
    assert "No other report names the same identifiers." in page
    assert GRAPH not in page
