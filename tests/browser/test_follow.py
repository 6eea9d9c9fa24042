"""A victim follows a report from a phone: signs in with the code, reads the status, adds a fact."""

import pytest

from tests.factories import report_draft
from vigilance.intake import services
from vigilance.intake.models import Channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_victim_follows_a_report_and_adds_information_on_a_small_phone(  # type: ignore[no-untyped-def]
    phone_page, live_server
) -> None:
    submitted = services.report_submit(draft=report_draft(), channel=Channel.WEB)
    page = phone_page

    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Follow a report").first.click()
    page.get_by_label("Reference").fill(submitted.report.reference.lower())
    page.get_by_label("Tracking code").fill(submitted.tracking_code.replace("-", "").lower())
    page.get_by_role("button", name="Follow my report").click()

    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/")
    assert page.get_by_text(submitted.report.reference).first.is_visible()
    assert page.locator(".status").inner_text() == "Received"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("What do you want to add?").fill("He called again from 6 55 44 33 22.")
    page.get_by_role("button", name="Add this information").click()

    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/")
    assert page.locator(".timeline").get_by_text("He called again from 6 55 44 33 22.").is_visible()
    assert page.get_by_text("your information was added").is_visible()


def test_follow_sign_in_works_without_javascript(no_script_page, live_server) -> None:  # type: ignore[no-untyped-def]
    submitted = services.report_submit(draft=report_draft(), channel=Channel.WEB)
    page = no_script_page

    page.goto(f"{live_server.url}/fr/follow/")
    page.fill("#id_reference", submitted.report.reference)
    page.fill("#id_tracking_code", submitted.tracking_code)
    page.locator("form button[type=submit]").click()

    page.wait_for_url(f"**/fr/follow/{submitted.report.reference}/")
    assert page.locator(".code").first.inner_text() == submitted.report.reference


def test_another_browser_is_sent_to_the_sign_in_form(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    submitted = services.report_submit(draft=report_draft(), channel=Channel.WEB)
    context = browser.new_context()
    page = context.new_page()

    page.goto(f"{live_server.url}/en/follow/{submitted.report.reference}/")

    assert page.url == f"{live_server.url}/en/follow/"
    assert page.get_by_role("button", name="Follow my report").is_visible()
    context.close()
