"""Someone who just lost money answers "What happened to you?" on a small phone, with and
without JavaScript, reads what to do in the next hour, and reaches the report form with the
category and the payment already chosen; the pages pass axe-core."""

from collections.abc import Iterator

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=[False, True], ids=["without-javascript", "with-javascript"])
def small_phone(browser, request) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        java_script_enabled=request.param,
        locale="en-GB",
        bypass_csp=True,  # only so that axe-core can be injected by the test
    )
    context.set_default_timeout(30_000)  # a first page of a shared, busy machine
    page = context.new_page()
    page.has_script = request.param
    yield page
    context.close()


def _accessibility_problems(page) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """axe-core's findings; it is a script, so it reads the page when script runs."""
    return axe_violations(page) if page.has_script else []


def _choose(page, label: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_the_wizard_leads_to_advice_and_a_prefilled_report_form(  # type: ignore[no-untyped-def]
    small_phone, live_server
) -> None:
    page = small_phone

    page.goto(f"{live_server.url}/en/what-happened/")
    assert page.get_by_role("heading", name="What happened to you?").is_visible()
    assert _accessibility_problems(page) == []
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".error-summary").get_by_text("Choose what happened to you.").is_visible()
    _choose(page, "I lost money through mobile money (MTN MoMo, Orange Money)")
    _choose(page, "Less than an hour ago")
    _choose(page, "Yes, I paid or gave a code")
    page.get_by_role("link", name="Back").click()
    page.wait_for_url("**/en/what-happened/paid/?*")
    _choose(page, "Yes, I paid or gave a code")
    _choose(page, "MTN (line or MoMo)")

    page.wait_for_url("**/en/what-happened/advice/?*")
    steps = page.locator(".guidance-step h3")
    assert "Have your mobile-money account or SIM card blocked" in steps.first.inner_text()
    assert page.get_by_role("link", name="8787").first.is_visible()
    assert _accessibility_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Report it").click()
    page.wait_for_url("**/en/report/who/")
    page.get_by_label("No, I report anonymously").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/en/report/what/")
    assert page.locator("#category-mobile_money_fraud").is_checked()
    assert page.locator("#id_incident_date").input_value() == timezone.localdate().isoformat()
