"""The staff workspace at 1280x900 in Chromium: the triage queue and the case list read one line
per row without sideways scrolling, their header row stays in view, and a date picker of a French
page holds its date."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import personas
from tests.browser.conftest import axe_violations
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.models import OffenceCategory
from vigilance.intake import services, staff
from vigilance.intake.models import Channel, Report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_TITLE = "Escroquerie au faux investissement en cryptomonnaie " * 3


@pytest.fixture
def wide_page(browser):  # type: ignore[no-untyped-def]
    """1280x900 in French; the CSP is bypassed only so that axe-core can be injected."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _sign_in(page, live_server, user: User) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/fr/staff/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", personas.PASSWORD)
    page.fill("#id_otp_token", personas.current_code(user))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "sign-in" not in url)


def _layout(page, table: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Measures of a table: its tallest row, how far it reaches, and the page's width."""
    return page.evaluate(
        """(selector) => {
            const table = document.querySelector(selector);
            const rows = [...table.querySelectorAll('tbody tr')];
            const wrapper = table.parentElement;
            return {
                rows: rows.length,
                tallest: Math.max(...rows.map(row => row.getBoundingClientRect().height)),
                tableRight: table.getBoundingClientRect().right,
                wrapperRight: wrapper.getBoundingClientRect().right,
                wrapperOverflow: wrapper.scrollWidth - wrapper.clientWidth,
                pageOverflow: document.documentElement.scrollWidth
                    - document.documentElement.clientWidth,
            };
        }""",
        table,
    )


def _column_visible(page, table: str, index: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the header of the column ``index`` (0-based) lies inside the viewport."""
    return bool(
        page.evaluate(
            """([selector, index]) => {
                const cell = document.querySelector(selector).tHead.rows[0].cells[index];
                const box = cell.getBoundingClientRect();
                return box.width > 20 && box.left >= 0
                    && box.right <= document.documentElement.clientWidth;
            }""",
            [table, index],
        )
    )


@pytest.fixture
def queue_of_forty(db) -> None:  # type: ignore[no-untyped-def]
    OffenceCategory.objects.filter(code="online_purchase_scam").update(
        name_fr="Escroquerie à l'achat en ligne sur les réseaux sociaux et les sites de petites annonces"
    )
    for number in range(40):
        services.report_submit(
            draft=report_draft(region="LT" if number % 2 else "CE"), channel=Channel.WEB
        )


def test_the_triage_queue_reads_one_line_per_row_with_the_suggested_unit_in_view(  # type: ignore[no-untyped-def]
    wide_page, live_server, queue_of_forty
) -> None:
    page = wide_page
    _sign_in(page, live_server, personas.persona("triage_officer"))
    page.goto(f"{live_server.url}/fr/staff/triage/")

    measures = _layout(page, "table.triage-queue")
    assert measures["rows"] == 40
    assert measures["tallest"] < 50
    assert measures["tableRight"] <= measures["wrapperRight"] + 1
    assert measures["wrapperOverflow"] <= 1
    assert measures["pageOverflow"] <= 0
    assert _column_visible(page, "table.triage-queue", 8)
    assert page.locator("table.triage-queue td.cell-text").first.get_attribute("title")
    assert axe_violations(page) == []


def test_the_header_row_of_the_queue_stays_in_view_after_scrolling(  # type: ignore[no-untyped-def]
    wide_page, live_server, queue_of_forty
) -> None:
    page = wide_page
    _sign_in(page, live_server, personas.persona("triage_officer"))
    page.goto(f"{live_server.url}/fr/staff/triage/")
    header = page.locator("table.triage-queue thead th").first
    start = header.bounding_box()

    page.evaluate("window.scrollTo(0, 900)")
    page.wait_for_function("window.scrollY >= 900")
    scrolled = header.bounding_box()

    assert start is not None
    assert scrolled is not None
    assert start["y"] > 100
    assert 0 <= scrolled["y"] < 5


def _case_for(investigator: User, triage_officer: User, title: str) -> Case:
    report = services.report_submit(draft=report_draft(region="LT"), channel=Channel.WEB).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    case = lifecycle.case_open(report=Report.objects.get(pk=report.pk), actor=investigator)
    Case.objects.filter(pk=case.pk).update(title=title)
    return case


def test_the_case_list_reads_one_line_per_row_with_the_opening_date_in_view(  # type: ignore[no-untyped-def]
    wide_page, live_server
) -> None:
    investigator = personas.persona("investigator_littoral")
    triage_officer = personas.persona("triage_officer")
    for number in range(3):
        _case_for(investigator, triage_officer, f"{number} {LONG_TITLE}")
    page = wide_page
    _sign_in(page, live_server, investigator)
    page.goto(f"{live_server.url}/fr/staff/cases/")

    measures = _layout(page, "table.case-list")
    assert measures["rows"] == 3
    assert measures["tallest"] < 50
    assert measures["wrapperOverflow"] <= 1
    assert measures["pageOverflow"] <= 0
    assert _column_visible(page, "table.case-list", 7)
    assert page.locator("table.case-list td.cell-text").first.get_attribute("title") == (
        f"2 {LONG_TITLE}"
    )
    assert axe_violations(page) == []


def test_the_share_expiry_date_holds_its_value_on_a_french_page(  # type: ignore[no-untyped-def]
    wide_page, live_server
) -> None:
    investigator = personas.persona("investigator_littoral")
    case = _case_for(investigator, personas.persona("triage_officer"), "Arnaque MoMo")
    page = wide_page
    _sign_in(page, live_server, investigator)
    page.goto(f"{live_server.url}/fr/staff/cases/{case.public_id}/")
    expiry = page.locator("#id_share-expires_on")
    expiry.locator("xpath=ancestor::details/summary").click()

    offered = expiry.input_value()
    chosen = (timezone.localdate() + dt.timedelta(days=29)).isoformat()
    expiry.fill(chosen)
    with page.expect_navigation():
        page.locator("form[action$='/share/'] button[type=submit]").click()

    assert offered == (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert page.locator("#id_share-expires_on").input_value() == chosen
    assert page.locator("form[action$='/share/'] .error").count() >= 1
