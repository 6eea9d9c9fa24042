"""An investigator of the Littoral works a case in the browser and closes it; the victim reads
"closed" on the follow page; a gendarme of the North gets a 404 on the case's address."""

import pytest
from django.utils import translation

from tests import personas
from tests.browser.conftest import axe_violations
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Channel, ReportStatus
from vigilance.intake.services import SubmittedReport

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _routed(triage_officer: User) -> SubmittedReport:
    submitted = services.report_submit(draft=report_draft(region="LT"), channel=Channel.WEB)
    staff.report_route(
        report=submitted.report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return submitted


def _sign_in(page, live_server, user: User) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/fr/staff/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", personas.PASSWORD)
    page.fill("#id_otp_token", personas.current_code(user))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "sign-in" not in url)


def _case_url(live_server, case: Case) -> str:  # type: ignore[no-untyped-def]
    return f"{live_server.url}/fr/staff/cases/{case.public_id}/"


def _submit_action(page, action: str):  # type: ignore[no-untyped-def]
    form = page.locator(f"form[action$='/{action}/']")
    form.locator("xpath=ancestor::details/summary").click()
    return form


def test_investigator_works_and_closes_a_case_and_the_victim_reads_it_closed(  # type: ignore[no-untyped-def]
    desktop_page, browser, live_server
) -> None:
    triage_officer = personas.persona("triage_officer")
    investigator = personas.persona("investigator_littoral")
    first, second = _routed(triage_officer), _routed(triage_officer)
    case = lifecycle.case_open(report=first.report, actor=investigator)
    page = desktop_page

    _sign_in(page, live_server, investigator)
    page.goto(f"{live_server.url}/fr/staff/cases/")
    page.get_by_role("link", name=case.number).click()
    page.wait_for_url(_case_url(live_server, case))

    task = _submit_action(page, "task")
    page.fill("#id_task-title", "Requisition Orange for the subscriber")
    page.select_option(
        "#id_task-assignee", label=investigator.get_full_name() or investigator.username
    )
    task.locator("button[type=submit]").click()
    page.wait_for_url(f"{_case_url(live_server, case)}#tasks")
    assert (
        page.locator("#tasks")
        .get_by_text("Requisition Orange for the subscriber", exact=True)
        .is_visible()
    )

    attach = _submit_action(page, "attach")
    page.fill("#id_attach-reference", second.report.reference)
    attach.locator("button[type=submit]").click()
    page.wait_for_url(f"{_case_url(live_server, case)}#reports")
    assert page.locator("#reports").get_by_text(second.report.reference, exact=True).is_visible()

    status = _submit_action(page, "status")
    page.select_option("#id_status-status", "closed")
    page.select_option("#id_status-outcome", "offender_identified")
    status.locator("button[type=submit]").click()
    page.wait_for_url(f"{_case_url(live_server, case)}#status")
    assert not page.locator("form[action$='/status/']").count()

    victim = browser.new_context(locale="fr-FR").new_page()
    victim.goto(f"{live_server.url}/fr/follow/")
    victim.fill("#id_reference", first.report.reference)
    victim.fill("#id_tracking_code", first.tracking_code)
    victim.locator("main form button[type=submit]").click()
    victim.wait_for_url(f"**/fr/follow/{first.report.reference}/")
    with translation.override("fr"):
        closed = str(ReportStatus.CLOSED.label)
    assert victim.locator(".status").first.inner_text().startswith(closed)
    victim.context.close()


def test_a_gendarme_of_the_north_gets_a_404_on_the_case(desktop_page, live_server) -> None:  # type: ignore[no-untyped-def]
    case = lifecycle.case_open(
        report=_routed(personas.persona("triage_officer")).report,
        actor=personas.persona("investigator_littoral"),
    )
    _sign_in(desktop_page, live_server, personas.persona("gendarme_north"))
    answer = desktop_page.goto(_case_url(live_server, case))
    assert answer is not None
    assert answer.status == 404


def test_the_case_pages_pass_axe_and_fit_a_small_phone(axe_page, live_server) -> None:  # type: ignore[no-untyped-def]
    investigator = personas.persona("investigator_littoral")
    case = lifecycle.case_open(
        report=_routed(personas.persona("triage_officer")).report, actor=investigator
    )
    _sign_in(axe_page, live_server, investigator)
    for url in (f"{live_server.url}/fr/staff/cases/", _case_url(live_server, case)):
        axe_page.goto(url)
        for summary in axe_page.locator("details summary").all():
            summary.click()
        assert axe_violations(axe_page) == []
        assert axe_page.evaluate("document.documentElement.scrollWidth") <= 360
