"""The cluster page's drawing and lists, written in one pass rather than by template loops: each
report drawn is listed once where the reader may see it, a report outside need-to-know shows only
its holder everywhere, data is escaped, and a refused request for access reopens its own form."""

import re
import warnings
from typing import Any

import pytest
from django.urls import reverse

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases.api.cluster import ClusterOut, _out
from vigilance.cases.selectors import cluster as cluster_selectors
from vigilance.cases.selectors.cluster import (
    Cluster,
    ClusterReport,
    report_cluster,
    report_key,
)
from vigilance.cases.selectors.cluster_walk import ClusterLimits
from vigilance.cases.views.cluster_drawing import cluster_svg
from vigilance.cases.views.cluster_graph import Graph, GraphNode
from vigilance.cases.views.cluster_lists import restricted_items, visible_rows
from vigilance.intake.models import Report

HOT = "6 99 00 00 01"


def _page(user: User, report: Report) -> str:
    url = reverse("cases:report_cluster", kwargs={"report_id": report.public_id})
    answer = personas.signed_in_client(user).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


@pytest.fixture
def interleaved(triage_officer: User) -> dict[str, list[Report]]:
    """Reports of the Centre and of the North naming one number, filed in turns, so that the
    drawing's bound cuts through both."""
    reports: dict[str, list[Report]] = {"centre": [], "north": []}
    for unit in ("north", "centre", "north", "centre", "centre", "north", "centre", "centre"):
        code = NORTH if unit == "north" else "dgsn-cyber-ce"
        reports[unit].append(report_naming(triage_officer, HOT, unit=code))
    return reports


@pytest.mark.django_db
def test_at_the_bound_each_drawn_report_is_listed_once_and_the_others_show_their_holder_only(
    investigator_centre: User, interleaved: dict[str, list[Report]], monkeypatch: Any
) -> None:
    monkeypatch.setattr(cluster_selectors, "LIMITS", ClusterLimits(reports=5))
    start = interleaved["centre"][0]
    cluster = report_cluster(user=investigator_centre, report=start)
    drawn_visible = [report for report in cluster.reports if report.is_visible]
    drawn_restricted = [report for report in cluster.reports if not report.is_visible]
    assert (len(drawn_visible), len(drawn_restricted)) == (3, 2)

    page = _page(investigator_centre, start)

    drawing = _section(page, '<svg class="cluster-graph"', "</svg>")
    listed = _section(page, 'id="reports"', "</section>")
    assert len(re.findall(r'class="cluster-node cluster-report', drawing)) == 5
    assert len(re.findall(r"cluster-restricted\"", drawing)) == 2
    assert len(re.findall(r"<tr><td><a href=", listed)) == 3
    for report in drawn_visible:
        assert listed.count(f">{report.reference}</a>") == 1
    assert page.count('class="cluster-restricted-item"') == 2
    for report in interleaved["north"]:
        assert report.reference not in page
        assert str(report.public_id) not in page
    assert "Showing 3 of the 5 reports you may see" in page


@pytest.mark.django_db
def test_a_refused_request_reopens_only_its_own_form_with_what_was_typed(
    investigator_centre: User, interleaved: dict[str, list[Report]]
) -> None:
    start = interleaved["centre"][0]
    refused, other = (report_key(investigator_centre, r.pk) for r in interleaved["north"][:2])
    url = reverse("cases:report_cluster", kwargs={"report_id": start.public_id}) + "ask/"
    reason = "x" * 301  # one character too many

    answer = personas.signed_in_client(investigator_centre).post(
        url, {"node": refused, "reason": reason}
    )

    assert answer.status_code == 400
    page = answer.content.decode()
    item = _section(page, f'id="restricted-{refused}"', "</li>")
    assert '<details class="case-action" open>' in item
    assert f'id="reason-{refused}_error"' in item
    assert 'class="field has-error"' in item
    assert f">{reason}</textarea>" in item
    untouched = _section(page, f'id="restricted-{other}"', "</li>")
    assert '<details class="case-action">' in untouched
    assert "has-error" not in untouched
    assert "></textarea>" in untouched
    assert page.count('name="csrfmiddlewaretoken"') >= 3


def test_the_drawing_escapes_what_it_draws() -> None:
    node = GraphNode(
        key='r"1',
        kind="report",
        x=1.0,
        y=2.0,
        label="<script>alert(1)</script>",
        title="A & B",
        classes="cluster-node cluster-report",
    )

    svg = str(cluster_svg(Graph(size=10, nodes=[node], edges=[]), reports=1, indicators=0))

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert 'data-key="r&quot;1"' in svg
    assert "<title>A &amp; B</title>" in svg


def test_the_lists_escape_holders_and_references() -> None:
    hidden = ClusterReport(
        key="r1",
        is_visible=False,
        is_start=False,
        owner_organisation="Org <b>",
        owner_unit="Unit <i>",
        in_case=False,
    )
    cluster = Cluster(reports=[hidden], indicators=[], edges=[], is_truncated=False)

    items = str(restricted_items(cluster, ask_url="/ask/", csrf_token="t", form=None))

    assert "held by Unit &lt;i&gt; (Org &lt;b&gt;)" in items
    assert "<b>" not in items
    assert str(visible_rows(cluster)) == ""


@pytest.mark.django_db
def test_the_apis_answer_holds_the_types_of_its_schema(
    investigator_centre: User, interleaved: dict[str, list[Report]]
) -> None:
    cluster = report_cluster(user=investigator_centre, report=interleaved["centre"][0])

    out = _out(cluster)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a value of the wrong type warns when serialised
        text = out.model_dump_json()
    assert ClusterOut.model_validate_json(text) == out
    assert len(out.reports) == 8
    assert sum(1 for report in out.reports if report.visible) == 5
    assert all(report.reference is None for report in out.reports if not report.visible)
