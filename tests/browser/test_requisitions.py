"""A requisition from end to end: the Littoral investigator drafts it from the case, the police
supervisor approves and sends it, MTN's responder answers on the partner desk with a file, and
the investigator reads the answer from the case."""

import pytest

from tests import personas
from tests.browser.test_case_workflow import _case_url, _sign_in
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Channel
from vigilance.requisitions.models import Requisition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANSWER = "Titulaire : Paul Nkodo, abonné depuis 2021."


def _page_of(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    _sign_in(page, live_server, user)
    return page


def test_a_requisition_goes_from_the_case_to_mtn_and_its_answer_comes_back(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    investigator = personas.persona("investigator_littoral")
    report = services.report_submit(draft=report_draft(region="LT"), channel=Channel.WEB).report
    staff.report_route(
        report=report,
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        actor=personas.persona("triage_officer"),
    )
    case = lifecycle.case_open(report=report, actor=investigator)

    page = _page_of(browser, live_server, investigator)
    page.goto(_case_url(live_server, case))
    page.locator("#requisitions a").click()
    page.select_option("#id_draft-addressee", str(Organisation.objects.get(code="mtn").pk))
    page.select_option("#id_draft-kind", "subscriber_identity")
    page.check("#id_draft-identifiers_0")
    page.select_option("#id_draft-legal_basis", index=1)
    page.select_option("#id_draft-urgency", "urgent")
    page.get_by_role("button", name="Rédiger la réquisition").click()
    page.wait_for_url("**/staff/requisitions/**")
    requisition = Requisition.objects.get()
    assert requisition.reference in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Approuver et envoyer").count() == 0

    supervisor = _page_of(browser, live_server, personas.persona("supervisor_police"))
    supervisor.goto(page.url)
    supervisor.get_by_role("button", name="Approuver et envoyer").click()
    assert "envoyée au partenaire" in supervisor.locator(".messages").inner_text()

    responder = _page_of(browser, live_server, personas.persona("mtn_responder"))
    responder.goto(f"{live_server.url}/fr/staff/desk/")
    responder.get_by_role("link", name=requisition.reference).click()
    assert case.number not in responder.locator("main").inner_text()
    responder.fill("#id_answer-text", ANSWER)
    responder.set_input_files(
        "#id_answer-attachments",
        files=[{"name": "fiche-abonne.png", "mimeType": "image/png", "buffer": PNG}],
    )
    responder.get_by_role("button", name="Envoyer la réponse").click()
    assert "Réponse envoyée" in responder.locator(".messages").inner_text()

    page.goto(_case_url(live_server, case))
    page.locator("#requisitions a").click()
    page.get_by_role("link", name=requisition.reference).click()
    main = page.locator("main").inner_text()
    assert ANSWER in main
    assert "fiche-abonne.png" in main
    assert "Répondue" in main
