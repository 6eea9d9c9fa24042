"""On a 360x640 phone, in both languages, with and without JavaScript: the header leaves room for
the page, the menu folds behind a "Menu" button that opens, and every public page and every step
of the report form shows its first heading or question on the first screen."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import _new_page
from tests.personas import signed_in_client
from vigilance.accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect: Any = pytest.importorskip("playwright.sync_api").expect

SCREEN_HEIGHT = 640
LANGUAGES_AND_SCRIPT = [
    pytest.param("fr", True, id="fr-script"),
    pytest.param("fr", False, id="fr-no-script"),
    pytest.param("en", True, id="en-script"),
    pytest.param("en", False, id="en-no-script"),
]
FIELD = "input:not([type=hidden]):visible, select:visible, textarea:visible, legend:visible"
# What each public page must show on its first screen: its heading, and the first field if any.
PUBLIC_PAGES = {
    "": "main h1",
    "check/": f"main form :is({FIELD}) >> nth=0",
    "follow/": f"main form :is({FIELD}) >> nth=0",
    "advice/": "main h1",
    "helpline/": "main h1",
}
MENU_LINK = {"fr": "Vérifier un numéro", "en": "Check a number"}
STEP_COUNT = {"fr": "Étape {} sur 6", "en": "Step {} of 6"}


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    page = _new_page(
        browser,
        viewport={"width": 360, "height": SCREEN_HEIGHT},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=request.param,
    )
    yield page
    page.context.close()


def assert_on_first_screen(page: Any, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown on {page.url}"
    assert box["y"] >= 0, f"{selector} is above the screen on {page.url}"
    assert box["y"] + box["height"] < SCREEN_HEIGHT, (
        f"{selector} ends at y={box['y'] + box['height']:.0f} on {page.url}"
    )


@pytest.mark.parametrize(("language", "phone"), LANGUAGES_AND_SCRIPT, indirect=["phone"])
def test_public_pages_show_their_heading_and_first_field_on_the_first_screen(
    phone: Any, live_server: Any, language: str
) -> None:
    for path, first in PUBLIC_PAGES.items():
        phone.goto(f"{live_server.url}/{language}/{path}", timeout=60_000)

        assert_on_first_screen(phone, "main h1")
        assert_on_first_screen(phone, first)


@pytest.mark.parametrize(("language", "phone"), LANGUAGES_AND_SCRIPT, indirect=["phone"])
def test_menu_is_folded_on_a_phone_and_opens(phone: Any, live_server: Any, language: str) -> None:
    phone.goto(f"{live_server.url}/{language}/", timeout=60_000)
    link = phone.get_by_role("link", name=MENU_LINK[language], exact=True)
    expect(link).to_be_hidden()

    phone.locator("header summary", has_text="Menu").click()

    expect(link).to_be_visible()
    link.click()
    expect(phone.locator("main h1")).to_be_visible()
    assert phone.url.endswith(f"/{language}/check/")


@pytest.mark.parametrize("phone", [True, False], indirect=True, ids=["script", "no-script"])
def test_workspace_menu_folds_on_a_phone_too(
    phone: Any, live_server: Any, investigator_centre: User
) -> None:
    session = signed_in_client(investigator_centre).cookies["sessionid"].value
    phone.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    phone.goto(f"{live_server.url}/en/staff/", timeout=60_000)
    link = phone.locator("nav.workspace-nav").get_by_role("link", name="Search", exact=True)
    expect(link).to_be_hidden()

    phone.locator("header summary", has_text="Menu").click()

    expect(link).to_be_visible()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_menu_is_shown_whole_on_a_wide_screen(
    desktop_page: Any, live_server: Any, language: str
) -> None:
    desktop_page.goto(f"{live_server.url}/{language}/", timeout=60_000)

    expect(desktop_page.get_by_role("link", name=MENU_LINK[language], exact=True)).to_be_visible()
    expect(desktop_page.locator("header summary")).to_be_hidden()


def continue_(page: Any) -> None:
    page.locator("main form button.button:not(.secondary):not(.link)").last.click()


def assert_step_on_first_screen(page: Any, language: str, number: int) -> None:
    expect(page.locator(".steps-count")).to_have_text(STEP_COUNT[language].format(number))
    expect(page.locator(".report-steps ol")).to_be_hidden()
    assert_on_first_screen(page, "main h1")
    if number < 6:
        assert_on_first_screen(page, f"main form :is({FIELD}) >> nth=0")
    else:  # the review: the first of the answers to check
        assert_on_first_screen(page, "main .summary dt")


@pytest.mark.parametrize(("language", "phone"), LANGUAGES_AND_SCRIPT, indirect=["phone"])
def test_every_step_of_the_report_shows_its_first_question_on_the_first_screen(
    phone: Any, live_server: Any, language: str
) -> None:
    phone.goto(f"{live_server.url}/{language}/report/", timeout=60_000)
    assert_step_on_first_screen(phone, language, 1)
    phone.fill("#id_name", "Awa Mbarga")
    phone.fill("#id_phone", "677 12 34 56")
    continue_(phone)

    assert_step_on_first_screen(phone, language, 2)
    phone.check("#category-mobile_money_fraud")
    phone.fill("#id_incident_date", "2026-11-01")
    phone.select_option("#id_region", "CE")
    phone.select_option("#id_department", "CE-MFOUNDI")
    phone.fill("#id_description", "Un faux agent MTN m'a appelé et j'ai envoyé 75 000 F.")
    continue_(phone)

    assert_step_on_first_screen(phone, language, 3)
    phone.fill("#id_value_0", "+237 6 99 88 77 66")
    continue_(phone)

    assert_step_on_first_screen(phone, language, 4)
    phone.check("#id_has_loss_0")
    phone.fill("#id_amount", "75 000")
    phone.select_option("#id_channel", "mtn_momo")
    continue_(phone)

    assert_step_on_first_screen(phone, language, 5)
    continue_(phone)

    assert_step_on_first_screen(phone, language, 6)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_report_steps_are_listed_whole_on_a_wide_screen(
    desktop_page: Any, live_server: Any, language: str
) -> None:
    desktop_page.goto(f"{live_server.url}/{language}/report/who/", timeout=60_000)

    expect(desktop_page.locator(".report-steps ol li")).to_have_count(6)
    expect(desktop_page.locator(".report-steps ol")).to_be_visible()
    expect(desktop_page.locator(".steps-count")).to_be_hidden()
