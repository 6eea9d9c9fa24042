"""A victim follows a report from a phone: signs in with the code, reads the status, adds a fact."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_report_form import PNG
from tests.factories import report_draft
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services
from vigilance.intake.models import Channel, Report

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


def test_victim_confirms_their_phone_with_the_sms_code_on_a_small_phone(  # type: ignore[no-untyped-def]
    phone_page, live_server, settings
) -> None:
    reporter = services.ReporterInput(name="Awa Mbarga", phone="677 12 34 56")
    submitted = services.report_submit(draft=report_draft(reporter=reporter), channel=Channel.WEB)
    page = phone_page
    page.goto(f"{live_server.url}/en/follow/")
    page.fill("#id_reference", submitted.report.reference)
    page.fill("#id_tracking_code", submitted.tracking_code)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/")

    page.get_by_role("button", name="Send me a code by SMS at •••• 56").click()
    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/#contact")
    texts = [
        json.loads(sms.read_text())["text"] for sms in Path(settings.SMS_FILE_PATH).glob("*.json")
    ]
    [text] = [text for text in texts if "is your code" in text]
    code = re.search(r"\b(\d{6})\b", text).group(1)  # type: ignore[union-attr]
    page.get_by_label("Code received by SMS").fill(code)
    page.get_by_role("button", name="Confirm my phone number").click()

    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/#contact")
    expect(page.get_by_text("Your contact details are confirmed.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_e_mail_link_confirms_only_after_the_button_is_pressed(  # type: ignore[no-untyped-def]
    no_script_page, live_server
) -> None:
    reporter = services.ReporterInput(name="John Ebai", email="john@example.cm")
    submitted = services.report_submit(draft=report_draft(reporter=reporter), channel=Channel.WEB)
    page = no_script_page
    page.goto(f"{live_server.url}/en/follow/")
    page.fill("#id_reference", submitted.report.reference)
    page.fill("#id_tracking_code", submitted.tracking_code)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/")
    page.get_by_role("button", name="Send me a confirmation link at j•••@example.cm").click()
    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/#contact")
    path = re.search(r"/en/follow/confirm-email/\S+/", str(mail.outbox[-1].body)).group(0)  # type: ignore[union-attr]

    page.goto(f"{live_server.url}{path}")
    assert Report.objects.get(pk=submitted.report.pk).contact_verified_at is None
    page.get_by_role("button", name="Confirm my e-mail address").click()

    expect(page.get_by_text("your e-mail address is confirmed")).to_be_visible()
    assert Report.objects.get(pk=submitted.report.pk).contact_verified_at is not None


def test_anonymous_tip_page_explains_status_and_anonymity_without_serious_violation(  # type: ignore[no-untyped-def]
    axe_page, live_server
) -> None:
    submitted = services.report_submit(
        draft=report_draft(reporter=services.ReporterInput(is_anonymous=True)),
        channel=Channel.WEB,
        evidence=[IncomingFile(name="capture.png", content=PNG)],
    )
    page = axe_page
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{live_server.url}/en/follow/", timeout=60_000)
    page.get_by_label("Reference").fill(submitted.report.reference)
    page.get_by_label("Tracking code").fill(submitted.tracking_code)
    page.get_by_role("button", name="Follow my report").click()
    page.wait_for_url(f"**/en/follow/{submitted.report.reference}/")

    heading = page.locator("h1").bounding_box()
    assert heading is not None
    assert heading["y"] + heading["height"] <= 640
    expect(page.locator(".status-meaning")).to_contain_text("within 3 working days")
    expect(page.locator("#anonymity-cost")).to_contain_text("Nobody can call you back")
    fingerprint = page.locator(".fingerprint").first
    expect(fingerprint.locator("p.hash")).to_be_hidden()
    fingerprint.locator("summary").click()
    expect(fingerprint.locator("p.hash")).to_have_text(hashlib.sha256(PNG).hexdigest())
    expect(page.locator(".operator-lines li")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
