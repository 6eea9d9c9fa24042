"""The data of the cluster's explorable graph: the same nodes as the page, each opening only a
page its reader may open, and nothing of a report outside need-to-know."""

import json
import re

import pytest
from django.urls import reverse

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.indicators.models import Indicator
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(triage_officer: User) -> Report:
    return report_naming(triage_officer, "6 99 00 00 01")


@pytest.fixture
def theirs(triage_officer: User, gendarme_north: User, mine: Report) -> Report:
    report = report_naming(triage_officer, "6 99 00 00 01", "6 99 00 00 07", unit=NORTH)
    lifecycle.case_open(report=report, actor=gendarme_north)
    return report


def _graph(user: User, report: Report) -> tuple[dict[str, list[dict]], str]:  # type: ignore[type-arg]
    url = reverse("cases:report_cluster", kwargs={"report_id": report.public_id})
    page = personas.signed_in_client(user).get(url).content.decode()
    found = re.search(
        r'<script id="cluster-graph-data" type="application/json">(.*?)</script>', page
    )
    assert found is not None
    return json.loads(found.group(1)), page


def test_the_graph_has_the_nodes_and_links_of_the_drawing(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    graph, page = _graph(investigator_centre, mine)

    kinds = sorted(node["data"]["kind"] for node in graph["nodes"])
    assert kinds == ["hidden", "indicator", "restricted", "start"]
    assert len(graph["edges"]) == 3
    keys = {node["data"]["id"] for node in graph["nodes"]}
    assert all({edge["data"]["source"], edge["data"]["target"]} <= keys for edge in graph["edges"])
    assert all(node["data"]["id"] in page[page.index("<svg") :] for node in graph["nodes"])


def test_a_restricted_report_opens_its_request_for_access_and_shows_nothing_of_it(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    graph, _page = _graph(investigator_centre, mine)

    data = json.dumps(graph)
    restricted = next(n["data"] for n in graph["nodes"] if n["data"]["kind"] == "restricted")
    assert restricted["url"] == f"#restricted-{restricted['id']}"
    assert theirs.reference not in data
    assert str(theirs.public_id) not in data
    assert Case.objects.get(case_reports__report=theirs).number not in data
    assert "07" not in "".join(n["data"]["label"] for n in graph["nodes"])
    start = next(n["data"] for n in graph["nodes"] if n["data"]["kind"] == "start")
    assert start["url"] == reverse("cases:report_detail", kwargs={"report_id": mine.public_id})


def test_an_identifier_opens_its_page_unless_only_others_reports_name_it(
    investigator_centre: User, mine: Report, theirs: Report
) -> None:
    indicator = Indicator.objects.get(report_count=2)

    graph, _page = _graph(investigator_centre, mine)

    urls = {n["data"]["kind"]: n["data"]["url"] for n in graph["nodes"]}
    assert urls["indicator"] == reverse(
        "indicators:staff_indicator", kwargs={"indicator_id": indicator.pk}
    )
    assert urls["hidden"] == ""
