"""The golden hour from triage, in a browser: the triage officer routes a mobile-money fraud
report whose victim pasted the MTN MoMo SMS; the report page shows the freeze proposed to MTN
Mobile Money, and the issuer's responder finds it at the top of the desk with its countdown."""

import pytest

from tests import personas
from tests.browser.test_triage import _sign_in
from tests.requisitions.conftest import fraud_report, staff_member
from vigilance.accounts.models import Role
from vigilance.requisitions.models import FreezeRequest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_routed_momo_fraud_puts_a_freeze_on_the_issuers_desk(  # type: ignore[no-untyped-def]
    desktop_page, browser, live_server
) -> None:
    officer = personas.persona("triage_officer")
    responder = staff_member("momo_responder", "mtn-momo-fraud", [Role.PARTNER_RESPONDER])
    report = fraud_report(amount=45_000)

    page = desktop_page
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/fr/staff/reports/{report.public_id}/")
    assert page.locator("#freezes").count() == 0
    route = page.locator("form[action$='/route/']")
    route.locator("xpath=ancestor::details/summary").click()
    page.select_option("#id_route-unit", value="dgsn-cyber-lt")
    route.locator("button[type=submit]").click()
    page.wait_for_url(f"**/staff/reports/{report.public_id}/")

    freeze = FreezeRequest.objects.get(report=report)
    page.reload()
    shown = page.locator("#freezes").inner_text()
    assert freeze.reference in shown
    assert "MTN Mobile Money" in shown
    assert "Envoyée à l\u2019émetteur" in shown

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    _sign_in(desk, live_server, responder)
    desk.goto(f"{live_server.url}/en/staff/desk/")
    first_freeze = desk.locator("#freezes-title ~ div table tbody tr").first
    assert freeze.reference in first_freeze.inner_text()
    assert "+237677889900" in first_freeze.inner_text()
    countdown = first_freeze.locator(".freeze-countdown").inner_text()
    assert countdown in ("3 h 59 min left", "4 h 00 min left")
    desk.context.close()
