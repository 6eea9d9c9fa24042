"""A person files a report in a real browser, then follows it with the code they were given."""

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from vigilance.intake.models import Report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect: Any = pytest.importorskip("playwright.sync_api").expect

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def evidence_files(folder: Path) -> list[str]:
    (folder / "capture-ecran.png").write_bytes(PNG)
    (folder / "recu-paiement.pdf").write_bytes(PDF)
    return [str(folder / "capture-ecran.png"), str(folder / "recu-paiement.pdf")]


def continue_(page: Any) -> None:
    """The step's main button (the secondary ones add rows or files)."""
    page.locator("main form button.button:not(.secondary):not(.link)").last.click()


def file_report(page: Any, base: str, language: str, files: list[str], *, script: bool) -> str:
    """Goes through every step; returns the reference shown at the end."""
    # The live server's first answer is slow (it loads translations and templates).
    page.goto(f"{base}/{language}/report/", timeout=60_000)
    page.fill("#id_name", "Awa Mbarga")
    page.fill("#id_phone", "677 12 34 56")
    continue_(page)

    page.check("#category-mobile_money_fraud")
    page.fill("#id_incident_date", "2026-11-01")
    page.select_option("#id_region", "CE")
    if script:
        # The department list now holds only the Centre's departments.
        expect(page.locator("#id_department option[value='LT-WOURI']")).to_have_count(0)
    else:
        expect(page.locator("#id_department option[value='LT-WOURI']")).to_have_count(1)
    page.select_option("#id_department", "CE-MFOUNDI")
    page.fill("#id_description", "Un faux agent MTN m'a appelé et j'ai envoyé 75 000 F.")
    continue_(page)

    page.fill("#id_value_0", "+237 6 99 88 77 66")
    if script:
        expect(page.locator("[data-recognised]").first).to_contain_text(re.compile(r"\+237"))
        page.locator("[data-add-row]").click()
        expect(page.locator("[data-identifier-row]")).to_have_count(4)
        page.select_option("#id_type_3", "email")
        page.fill("#id_value_3", "faux.agent@example.com")
    else:
        page.locator("[data-add-row]").click()
        expect(page.locator("#id_value_0")).to_have_value("+237 6 99 88 77 66")
        expect(page.locator("[data-identifier-row]")).to_have_count(4)
        page.select_option("#id_type_3", "email")
        page.fill("#id_value_3", "faux.agent@example.com")
    continue_(page)

    page.check("#id_has_loss_0")
    page.fill("#id_amount", "75 000")
    page.select_option("#id_channel", "mtn_momo")
    continue_(page)

    page.set_input_files("#id_files", files)
    continue_(page)

    expect(page.locator(".summary").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("capture-ecran.png")
    page.check("#id_consent")
    continue_(page)

    expect(page.locator("[data-tracking-code]")).to_be_visible()
    print_button = page.locator("[data-print]")
    if script:
        expect(print_button).to_be_visible()
    else:
        expect(print_button).to_be_hidden()
    heading = page.locator("h1").bounding_box()
    assert heading["y"] + heading["height"] <= page.viewport_size["height"]
    # Paid through MTN MoMo: MTN's customer service comes first, by name, never by code.
    expect(page.locator(".operator-lines li").first).to_contain_text("MTN")
    expect(page.locator("main")).not_to_contain_text("mtn_momo")
    reference: str = page.locator("[data-reference]").inner_text().strip()
    code: str = page.locator("[data-tracking-code]").inner_text().strip()

    report = Report.objects.get(reference=reference)
    assert report.language == language
    assert report.evidence.count() == 2
    assert set(report.identifiers.values_list("type", flat=True)) == {"phone", "email"}

    follow(page, base, language, reference, code)
    return reference


def follow(page: Any, base: str, language: str, reference: str, code: str) -> None:
    """The follow page of the contract: two fields, reference and tracking_code."""
    page.goto(f"{base}/{language}/follow/")
    page.fill("input[name=reference]", reference)
    page.fill("input[name=tracking_code]", code)
    page.locator("main form:has(input[name=tracking_code]) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(reference)


def test_a_person_files_a_report_in_french_on_a_desktop(
    desktop_page: Any, live_server: Any, tmp_path: Path
) -> None:
    file_report(desktop_page, live_server.url, "fr", evidence_files(tmp_path), script=True)


def test_a_person_files_a_report_in_english_on_a_phone(
    phone_page: Any, live_server: Any, tmp_path: Path
) -> None:
    phone_page.goto(f"{live_server.url}/en/report/", timeout=60_000)
    fits = phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the first step scrolls sideways on a 360 px screen"

    file_report(phone_page, live_server.url, "en", evidence_files(tmp_path), script=True)


def test_a_person_files_a_report_without_javascript(
    no_script_page: Any, live_server: Any, tmp_path: Path
) -> None:
    file_report(no_script_page, live_server.url, "fr", evidence_files(tmp_path), script=False)


def test_choosing_anonymity_hides_the_contact_fields_and_keeps_what_was_typed(
    desktop_page: Any, live_server: Any
) -> None:
    desktop_page.goto(f"{live_server.url}/en/report/who/", timeout=60_000)
    desktop_page.fill("#id_name", "Awa Mbarga")

    desktop_page.check("input[name=is_anonymous][value=yes]")
    expect(desktop_page.locator("#id_name")).to_be_hidden()
    desktop_page.check("input[name=is_anonymous][value=no]")
    expect(desktop_page.locator("#id_name")).to_have_value("Awa Mbarga")

    desktop_page.check("input[name=is_anonymous][value=yes]")
    continue_(desktop_page)
    # The hidden name was not sent: the anonymous step is accepted.
    expect(desktop_page).to_have_url(re.compile(r"/en/report/what/$"))


def test_report_steps_have_no_serious_accessibility_violation(
    axe_page: Any, live_server: Any
) -> None:
    page = axe_page
    page.goto(f"{live_server.url}/en/report/who/", timeout=60_000)
    page.fill("#id_phone", "12")
    continue_(page)
    expect(page.locator(".error-summary")).to_be_visible()
    violations = {"who (errors)": axe_violations(page)}
    page.fill("#id_name", "Awa Mbarga")
    page.fill("#id_phone", "677 12 34 56")
    continue_(page)
    violations["what"] = axe_violations(page)
    page.check("#category-online_purchase_scam")
    page.select_option("#id_region", "LT")
    page.fill("#id_description", "I paid for a phone that never arrived.")
    continue_(page)
    violations["suspects"] = axe_violations(page)
    continue_(page)
    violations["loss"] = axe_violations(page)
    page.check("#id_has_loss_1")
    continue_(page)
    violations["evidence"] = axe_violations(page)
    continue_(page)
    violations["review"] = axe_violations(page)
    page.check("#id_consent")
    continue_(page)
    expect(page.locator("[data-tracking-code]")).to_be_visible()
    violations["done"] = axe_violations(page)

    assert {step: found for step, found in violations.items() if found} == {}
