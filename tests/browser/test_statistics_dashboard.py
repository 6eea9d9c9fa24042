"""The statistics dashboard in Chromium, on a 360 px phone: the ministry's statistician sees the
charts drawn, each with its data one click away (without JavaScript too), and axe finds nothing
serious."""

import pytest

from tests import personas
from tests.browser.conftest import axe_violations
from tests.browser.test_case_workflow import _sign_in
from tests.factories import report_draft
from vigilance.accounts.models import Unit
from vigilance.intake import services, staff
from vigilance.stats.services.refresh import statistics_refresh

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _phone(browser, *, javascript: bool = True, session=None):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="fr-FR",
        bypass_csp=True,  # only so that axe-core can be injected by the test
        java_script_enabled=javascript,
        storage_state=session,
    )
    context.set_default_timeout(30_000)
    return context.new_page()


def test_the_statistician_reads_charts_and_their_data_on_a_phone(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    triage_officer = personas.persona("triage_officer")
    for region, unit in (("LT", "dgsn-cyber-lt"), ("LT", "dgsn-cyber-lt"), ("CE", "dgsn-cyber-ce")):
        report = services.report_submit(draft=report_draft(region=region), channel="web").report
        staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)
    statistics_refresh()
    signing_in = _phone(browser)
    _sign_in(signing_in, live_server, personas.persona("statistician"))
    session = signing_in.context.storage_state()
    signing_in.context.close()

    for javascript in (True, False):
        page = _phone(browser, javascript=javascript, session=session)
        page.goto(f"{live_server.url}/fr/staff/statistics/")
        charts = page.locator("svg[role=img]")
        assert charts.count() == 10
        assert all(charts.nth(index).bounding_box()["width"] <= 360 for index in range(10))
        assert page.locator("dl.stats-totals dd").first.inner_text() == "3"
        regions = page.locator("#regions-heading").locator("xpath=..")
        table = regions.locator("table")
        assert not table.is_visible()
        regions.locator("summary").click()
        assert table.is_visible()
        assert "Littoral" in table.inner_text()
        assert "Centre" in table.inner_text()
        if javascript:
            assert axe_violations(page) == []
        page.context.close()
