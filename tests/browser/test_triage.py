"""The triage officer signs in, opens the most urgent report of the queue and routes it; the
victim's follow page then reads that the report moved on."""

import pytest

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import User
from vigilance.intake import services
from vigilance.intake.models import Channel, Report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, user: User) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/fr/staff/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", personas.PASSWORD)
    page.fill("#id_otp_token", personas.current_code(user))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "sign-in" not in url)


def _follow_status(page, live_server, reference: str, code: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/en/follow/")
    page.fill("#id_reference", reference)
    page.fill("#id_tracking_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/follow/{reference}/")
    return str(page.locator(".status").first.inner_text())


def test_triage_officer_routes_the_top_report_and_the_victim_sees_it_moved(  # type: ignore[no-untyped-def]
    desktop_page, browser, live_server
) -> None:
    officer = personas.persona("triage_officer")
    services.report_submit(draft=report_draft(region="CE"), channel=Channel.WEB)
    urgent = services.report_submit(draft=report_draft(region="LT"), channel=Channel.WEB)
    Report.objects.filter(pk=urgent.report.pk).update(priority=99)

    victim = browser.new_context(locale="en-GB").new_page()
    before = _follow_status(victim, live_server, urgent.report.reference, urgent.tracking_code)

    page = desktop_page
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/fr/staff/triage/")
    top = page.locator("table.triage-queue tbody tr").first.get_by_role("link")
    assert top.inner_text() == urgent.report.reference
    top.click()
    page.wait_for_url(f"**/staff/reports/{urgent.report.public_id}/")

    route = page.locator("form[action$='/route/']")
    route.locator("xpath=ancestor::details/summary").click()
    page.select_option("#id_route-unit", value="dgsn-cyber-lt")
    route.locator("button[type=submit]").click()

    page.wait_for_url(f"**/staff/reports/{urgent.report.public_id}/")
    assert page.locator(".messages .notice").is_visible()
    assert page.locator(".report-rule").is_visible()

    after = _follow_status(victim, live_server, urgent.report.reference, urgent.tracking_code)
    victim.context.close()
    assert before == "Received"
    assert after != before
