"""The public statistics in Chromium, on a 360 px phone without JavaScript: a small cell reads
"<5", axe finds nothing serious, and the CSV downloaded from the page matches its table."""

import csv
import io

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import report_draft
from vigilance.intake import services
from vigilance.stats.services.refresh import statistics_refresh

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _page(browser, *, javascript: bool):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="en-GB",
        bypass_csp=True,  # only so that axe-core can be injected by the test
        java_script_enabled=javascript,
        accept_downloads=True,
    )
    context.set_default_timeout(30_000)
    return context.new_page()


def test_the_page_shows_under_5_and_its_csv_matches_the_table(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    for region, count in (("LT", 6), ("CE", 2)):
        for _ in range(count):
            services.report_submit(draft=report_draft(region=region), channel="web")
    statistics_refresh()

    page = _page(browser, javascript=False)
    page.goto(f"{live_server.url}/en/statistics/")
    table = page.locator("#by-region")
    rows = {
        row.locator("th").inner_text(): [cell.inner_text() for cell in row.locator("td").all()]
        for row in table.locator("tbody tr").all()
    }
    assert rows["Littoral"][0] == "6"
    assert rows["Centre"][0] == "<5"
    total = [cell.inner_text() for cell in table.locator("tfoot td").all()]
    assert total[0] == "6"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    link = page.locator("a[href*='by=region'][href*='format=csv']")
    with page.expect_download() as download:
        link.click()
    downloaded = download.value.path().read_text(encoding="utf-8")
    lines = list(csv.DictReader(io.StringIO(downloaded)))
    from_csv = {line["region_name_en"] or line["region"]: line for line in lines}
    assert from_csv["Littoral"]["reports"] == rows["Littoral"][0]
    assert from_csv["Littoral"]["loss_reported_xaf"] == rows["Littoral"][1] == "720000"
    assert from_csv["Centre"]["reports"] == "<5"
    assert from_csv["Centre"]["loss_reported_xaf"] == rows["Centre"][1] == "<5"
    assert from_csv["total"]["reports"] == total[0]
    page.context.close()

    page = _page(browser, javascript=True)
    page.goto(f"{live_server.url}/en/statistics/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/fr/statistics/?from=2025-06&to=2025-01")
    assert "Le dernier mois ne peut pas précéder le premier." in page.content()
    assert axe_violations(page) == []
    page.context.close()
