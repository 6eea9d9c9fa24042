"""An investigator of the Centre opens the cluster of a report, explores the graph (zoom, click
a node to open it) or, without JavaScript, reads the drawing and the lists, and asks the
gendarmes of the North for access to their case, which shares a suspect number."""

import pytest

from tests import personas
from tests.browser.conftest import axe_violations
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import User
from vigilance.cases.models import AccessRequest
from vigilance.cases.selectors.cluster import report_cluster
from vigilance.cases.services import lifecycle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, user: User) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/en/staff/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", personas.PASSWORD)
    page.fill("#id_otp_token", personas.current_code(user))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "sign-in" not in url)


def test_investigator_opens_a_cluster_and_asks_for_access(desktop_page, live_server) -> None:  # type: ignore[no-untyped-def]
    triage_officer = personas.persona("triage_officer")
    investigator = personas.persona("investigator_centre")
    gendarme = personas.persona("gendarme_north")
    mine = report_naming(triage_officer, "6 99 00 00 01")
    linked = report_naming(triage_officer, "6 99 00 00 01", "6 99 00 00 02")
    theirs = report_naming(triage_officer, "6 99 00 00 02", unit=NORTH)
    lifecycle.case_open(report=theirs, actor=gendarme)
    page = desktop_page

    _sign_in(page, live_server, investigator)
    page.goto(f"{live_server.url}/en/staff/reports/{mine.public_id}/")
    page.get_by_role("link", name="See the linked reports and their drawing").click()
    page.wait_for_url(f"**/en/staff/reports/{mine.public_id}/cluster/")

    assert page.locator("#cluster-canvas").is_visible()
    assert page.evaluate("window.vigilanceGraph.nodes('[kind = \"restricted\"]').length") == 1
    assert page.locator("#reports").get_by_role("link", name=linked.reference).is_visible()
    assert theirs.reference not in page.content()

    restricted = page.locator("#restricted")
    restricted.get_by_text("Ask for access", exact=True).first.click()
    restricted.locator("textarea").fill("The same suspect number is in my fraud case")
    restricted.get_by_role("button", name="Ask for access").click()
    page.wait_for_url(f"**/en/staff/reports/{mine.public_id}/cluster/#restricted")
    assert restricted.get_by_text("Access requested: waiting for the holders").is_visible()
    assert AccessRequest.objects.filter(requester=investigator, report=theirs).count() == 1
    assert gendarme.notifications.count() == 1


def test_the_cluster_page_passes_axe_and_fits_a_small_phone(axe_page, live_server) -> None:  # type: ignore[no-untyped-def]
    triage_officer = personas.persona("triage_officer")
    investigator = personas.persona("investigator_centre")
    mine = report_naming(triage_officer, "6 99 00 00 01")
    report_naming(triage_officer, "6 99 00 00 01", unit=NORTH)
    _sign_in(axe_page, live_server, investigator)
    axe_page.goto(f"{live_server.url}/en/staff/reports/{mine.public_id}/cluster/")
    assert axe_page.locator("#cluster-canvas canvas").first.is_visible()
    assert axe_violations(axe_page) == []
    width = axe_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_one_identifiers_reports_pass_axe_and_fit_a_small_phone(axe_page, live_server) -> None:  # type: ignore[no-untyped-def]
    triage_officer = personas.persona("triage_officer")
    investigator = personas.persona("investigator_centre")
    mine = report_naming(triage_officer, "6 99 00 00 01")
    other = report_naming(triage_officer, "6 99 00 00 01")
    key = report_cluster(user=investigator, report=mine).indicators[0].key
    _sign_in(axe_page, live_server, investigator)
    axe_page.goto(f"{live_server.url}/en/staff/reports/{mine.public_id}/cluster/?identifier={key}")
    listed = axe_page.locator("#listed")
    assert listed.get_by_role("link", name=other.reference).is_visible()
    assert axe_page.locator("#cluster-canvas").count() == 0
    assert axe_violations(axe_page) == []
    assert axe_page.evaluate("document.documentElement.scrollWidth") <= 360


def _linked_reports(triage_officer: User, gendarme: User):  # type: ignore[no-untyped-def]
    mine = report_naming(triage_officer, "6 99 00 00 01")
    linked = report_naming(triage_officer, "6 99 00 00 01", "6 99 00 00 02")
    theirs = report_naming(triage_officer, "6 99 00 00 02", unit=NORTH)
    lifecycle.case_open(report=theirs, actor=gendarme)
    return mine, linked, theirs


def test_the_graph_shows_the_cluster_zooms_and_opens_a_report(desktop_page, live_server) -> None:  # type: ignore[no-untyped-def]
    investigator = personas.persona("investigator_centre")
    mine, linked, theirs = _linked_reports(
        personas.persona("triage_officer"), personas.persona("gendarme_north")
    )
    page = desktop_page
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    _sign_in(page, live_server, investigator)
    page.goto(f"{live_server.url}/en/staff/reports/{mine.public_id}/cluster/")

    assert page.locator("#cluster-canvas canvas").first.is_visible()
    assert not page.locator("svg.cluster-graph").is_visible()
    assert page.evaluate("window.vigilanceGraph.nodes().length") == 5
    assert page.evaluate("window.vigilanceGraph.edges().length") == 4
    labels = page.evaluate("window.vigilanceGraph.nodes().map(node => node.data('label'))")
    assert linked.reference in labels
    assert theirs.reference not in labels
    assert page.evaluate("window.vigilanceGraph.nodes()[0].renderedStyle('font-size')") >= "12"
    zoom = page.evaluate("window.vigilanceGraph.zoom()")
    page.get_by_role("button", name="Zoom in").click()
    assert page.evaluate("window.vigilanceGraph.zoom()") > zoom
    assert page.evaluate("window.vigilanceGraph.zoom() * 14") >= 12

    page.get_by_role("button", name="Show all").click()
    page.evaluate("document.getElementById('cluster-canvas').scrollIntoView({block: 'center'})")
    point = page.evaluate(
        """key => window.vigilanceGraph.nodes().filter(n => n.data('url').includes(key))[0]
        .renderedPosition()""",
        str(linked.public_id),
    )
    box = page.locator("#cluster-canvas").bounding_box()
    assert 0 < point["x"] < box["width"]
    assert 0 < point["y"] < box["height"]
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url(f"**/en/staff/reports/{linked.public_id}/")
    assert errors == []


def test_without_javascript_the_drawing_and_lists_show_every_node(
    no_script_page, live_server
) -> None:  # type: ignore[no-untyped-def]
    investigator = personas.persona("investigator_centre")
    mine, linked, theirs = _linked_reports(
        personas.persona("triage_officer"), personas.persona("gendarme_north")
    )
    page = no_script_page
    _sign_in(page, live_server, investigator)
    page.goto(f"{live_server.url}/en/staff/reports/{mine.public_id}/cluster/")

    assert page.locator("svg.cluster-graph").is_visible()
    assert not page.locator("#cluster-canvas").is_visible()
    assert page.locator("svg.cluster-graph g.cluster-report").count() == 3
    assert page.locator("svg.cluster-graph g.cluster-indicator").count() == 2
    sizes = page.locator("svg.cluster-graph text").evaluate_all(
        "texts => texts.map(text => Number(text.getAttribute('font-size')))"
    )
    assert min(sizes) >= 12
    assert page.locator("#reports").get_by_role("link", name=linked.reference).is_visible()
    assert page.locator("#reports").get_by_role("link", name=mine.reference).is_visible()
    assert page.locator("#restricted li").count() == 1
    assert page.locator("#identifiers tbody tr").count() == 2
    assert page.locator(".cluster-legend li").count() == 6
    assert theirs.reference not in page.content()
