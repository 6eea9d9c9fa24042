"""Public pages pass axe-core with no serious or critical violation, in both languages."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import report_draft
from vigilance.intake import services
from vigilance.intake.models import Channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("path", ["/fr/", "/en/"])
def test_home_page_has_no_serious_accessibility_violation(axe_page, live_server, path: str) -> None:  # type: ignore[no-untyped-def]
    axe_page.goto(f"{live_server.url}{path}")

    assert axe_violations(axe_page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/fr/advice/",
        "/en/advice/",
        "/fr/helpline/",
        "/en/helpline/",
        "/fr/follow/",
        "/en/follow/",
        "/fr/report/",
        "/en/report/",
        "/en/no-such-page/",
    ],
)
def test_public_page_has_no_serious_accessibility_violation(
    axe_page, live_server, path: str
) -> None:  # type: ignore[no-untyped-def]
    axe_page.goto(f"{live_server.url}{path}")

    assert axe_violations(axe_page) == []


def test_sign_in_errors_have_no_serious_accessibility_violation(axe_page, live_server) -> None:  # type: ignore[no-untyped-def]
    axe_page.goto(f"{live_server.url}/en/follow/")
    axe_page.get_by_role("button", name="Follow my report").click()

    assert axe_page.locator(".error-summary").is_visible()
    assert axe_violations(axe_page) == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_followed_report_page_has_no_serious_accessibility_violation(  # type: ignore[no-untyped-def]
    axe_page, live_server, language: str
) -> None:
    submitted = services.report_submit(
        draft=report_draft(reporter=services.ReporterInput(is_anonymous=True)),
        channel=Channel.WEB,
    )
    axe_page.goto(f"{live_server.url}/{language}/follow/")
    axe_page.fill("#id_reference", submitted.report.reference)
    axe_page.fill("#id_tracking_code", submitted.tracking_code)
    axe_page.locator("form button[type=submit]").click()
    axe_page.wait_for_url(f"**/follow/{submitted.report.reference}/")

    assert axe_violations(axe_page) == []
