"""Someone checks a number on a small phone without JavaScript, sees it was reported, and its
owner disputes the reports; the pages pass axe-core."""

from collections.abc import Iterator

import pytest

from tests.browser.conftest import axe_violations
from tests.indicators.lookup_data import SUSPECT_E164, indicator_with
from vigilance.indicators.models import Dispute, Indicator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def small_phone_without_script(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=False, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_reported_number_is_checked_and_disputed_on_a_small_phone_without_javascript(  # type: ignore[no-untyped-def]
    small_phone_without_script, live_server
) -> None:
    indicator_with(report_count=8, reporter_count=5)
    page = small_phone_without_script

    page.goto(f"{live_server.url}/en/check/")
    page.get_by_label("What do you want to check?").select_option("phone")
    page.get_by_label("Number, account or address").fill("6 99 88 77 66")
    page.get_by_role("button", name="Check").click()

    page.wait_for_url("**/en/check/?type=phone&value=*")
    verdict = page.locator(".verdict")
    assert verdict.get_by_role("heading").inner_text().endswith("Reported by several people")
    assert "5 to 19 reports" in verdict.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="This is my number or account: dispute these reports").click()
    page.wait_for_url("**/en/check/dispute/?*")
    page.get_by_label("Your name").fill("Marie Ngo Bassa")
    page.get_by_label("Your phone number or e-mail address").fill("691 23 45 67")
    page.get_by_label("Why was it wrongly reported?").fill("My shop's number since 2019.")
    page.get_by_label("I declare that this number or account is mine").check()
    page.get_by_role("button", name="Send my dispute").click()

    page.wait_for_url("**/en/check/dispute/sent/")
    assert page.get_by_role("heading", name="Your dispute was sent").is_visible()
    dispute = Dispute.objects.get()
    assert (dispute.indicator.value, dispute.contact) == (SUSPECT_E164, "+237691234567")
    assert page.locator(".dispute-reference").inner_text() == dispute.reference
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_check_page_and_its_answers_have_no_serious_accessibility_violation(  # type: ignore[no-untyped-def]
    axe_page, live_server, language: str
) -> None:
    indicator_with(report_count=30, reporter_count=12, status="confirmed_fraud")
    indicator_with(value="+237677000001", report_count=5, reporter_count=3)
    Indicator.objects.create(
        type="domain", value="promo-orange-cm.com", report_count=4, verified_reporter_count=4
    )
    base = f"{live_server.url}/{language}/check/"

    for url in (
        base,
        f"{base}?type=phone&value=677123456",
        f"{base}?type=phone&value=699887766",
        f"{base}?type=phone&value=677000001",
        f"{base}?type=phone&value=12",
        f"{base}?type=url&value=https%3A%2F%2Fpromo-orange-cm.com%2Finscription%3Fid%3D7",
        f"{base}dispute/?type=phone&value=699887766",
        f"{base}dispute/?type=phone&value=677123456",
    ):
        axe_page.goto(url)
        assert axe_violations(axe_page) == [], url


def test_a_number_too_few_verified_people_reported_is_not_shown_as_safe_on_a_small_phone(  # type: ignore[no-untyped-def]
    small_phone_without_script, live_server
) -> None:
    indicator_with(report_count=9, reporter_count=9, verified_reporter_count=2)
    page = small_phone_without_script

    page.goto(f"{live_server.url}/fr/check/?type=phone&value=699887766")

    verdict = page.locator(".verdict")
    heading = verdict.get_by_role("heading").inner_text()
    assert heading.endswith("Pas assez de signalements vérifiés pour conclure")
    assert "\u2713" not in verdict.inner_text()
    assert "ne peut pas vous dire si c\u2019est sans risque" in verdict.inner_text()
    colour = page.evaluate("getComputedStyle(document.querySelector('.verdict')).backgroundColor")
    assert colour == "rgb(241, 243, 245)"  # neutral grey, not the green of "safe"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_link_on_a_reported_site_says_so_on_a_small_phone(  # type: ignore[no-untyped-def]
    small_phone_without_script, live_server
) -> None:
    Indicator.objects.create(
        type="domain", value="promo-orange-cm.com", report_count=6, verified_reporter_count=6
    )
    page = small_phone_without_script

    page.goto(f"{live_server.url}/en/check/")
    page.get_by_label("What do you want to check?").select_option("url")
    page.get_by_label("Number, account or address").fill(
        "https://promo-orange-cm.com/inscription?id=41"
    )
    page.get_by_role("button", name="Check").click()

    page.wait_for_url("**/en/check/?type=url&value=*")
    verdict = page.locator(".verdict")
    assert (
        verdict.get_by_role("heading")
        .inner_text()
        .endswith("This site has been reported by several people")
    )
    assert "promo-orange-cm[.]com" in verdict.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_dispute_confirmation_has_no_serious_accessibility_violation(  # type: ignore[no-untyped-def]
    axe_page, live_server
) -> None:
    indicator_with(report_count=8, reporter_count=5)
    axe_page.goto(f"{live_server.url}/fr/check/dispute/?type=phone&value=699887766")
    axe_page.fill("#id_name", "Marie Ngo Bassa")
    axe_page.fill("#id_contact", "691 23 45 67")
    axe_page.fill("#id_statement", "Le numéro de ma boutique depuis 2019.")
    axe_page.check("#id_attestation")
    axe_page.locator("main form button[type=submit]").click()
    axe_page.wait_for_url("**/fr/check/dispute/sent/")

    assert Dispute.objects.get().reference in axe_page.content()
    assert axe_violations(axe_page) == []
