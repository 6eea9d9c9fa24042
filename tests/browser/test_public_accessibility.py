"""Public pages pass axe-core with no serious or critical violation, in both languages."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/fr/", "/en/"])
def test_home_page_has_no_serious_accessibility_violation(axe_page, live_server, path: str) -> None:  # type: ignore[no-untyped-def]
    axe_page.goto(f"{live_server.url}{path}")

    assert axe_violations(axe_page) == []
