"""The golden hour in a browser: the Littoral investigator asks MTN to freeze the receiving
wallet; MTN's responder answers that the money moved on to an Orange Money wallet; Orange's
responder holds 30 000 FCFA; the case shows the three-layer chain with its totals; the victim
reads on the follow page, in plain words, how much was frozen."""

import pytest

from tests import personas
from tests.browser.test_case_workflow import _case_url, _sign_in
from tests.factories import report_draft
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Channel
from vigilance.requisitions.models import FreezeRequest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _page_of(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    _sign_in(page, live_server, user)
    return page


def _answer(page, outcome: str, amount: str) -> None:  # type: ignore[no-untyped-def]
    page.check(f"input[name='answer-outcome'][value='{outcome}']")
    page.fill("#id_answer-amount", amount)


def test_money_moved_on_then_held_reaches_the_case_and_the_victim(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    investigator = personas.persona("investigator_littoral")
    filed = services.report_submit(draft=report_draft(region="LT"), channel=Channel.WEB)
    staff.report_route(
        report=filed.report,
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        actor=personas.persona("triage_officer"),
    )
    case = lifecycle.case_open(report=filed.report, actor=investigator)

    page = _page_of(browser, live_server, investigator)
    page.goto(_case_url(live_server, case))
    page.locator("#money-trail a").click()
    page.select_option("#id_freeze-issuer", str(Organisation.objects.get(code="mtn").pk))
    page.fill("#id_freeze-account", "677 55 44 33")
    page.fill("#id_freeze-amount_asked", "50000")
    page.get_by_role("button", name="Envoyer la demande de gel").click()
    page.wait_for_url("**/staff/freezes/**")
    first = FreezeRequest.objects.get()

    mtn = _page_of(browser, live_server, personas.persona("mtn_responder"))
    mtn.goto(f"{live_server.url}/fr/staff/desk/")
    assert "il reste 3" in mtn.locator(".freeze-countdown").first.inner_text()
    mtn.get_by_role("link", name=first.reference).click()
    assert case.number not in mtn.locator("main").inner_text()
    _answer(mtn, "moved_on", "40000")
    mtn.select_option("#id_answer-next_issuer", str(Organisation.objects.get(code="orange").pk))
    mtn.fill("#id_answer-next_account", "699 11 22 33")
    mtn.get_by_role("button", name="Envoyer la réponse").click()
    mtn.wait_for_url(f"**/staff/freezes/{first.public_id}/")
    second = FreezeRequest.objects.get(parent=first)

    orange = _page_of(browser, live_server, personas.persona("orange_responder"))
    orange.goto(f"{live_server.url}/fr/staff/desk/")
    orange.get_by_role("link", name=second.reference).click()
    _answer(orange, "held", "30000")
    orange.get_by_role("button", name="Envoyer la réponse").click()
    orange.wait_for_url(f"**/staff/freezes/{second.public_id}/")
    assert "Fonds bloqués" in orange.locator("main").inner_text()

    page.goto(f"{live_server.url}/fr/staff/cases/{case.public_id}/money-trail/")
    chain = page.locator(".money-trail li")
    assert chain.count() == 2
    assert first.reference in chain.nth(0).inner_text()
    assert second.reference in chain.nth(1).inner_text()
    totals = page.locator("#money-totals").inner_text()
    assert "30\u202f000 FCFA" in totals

    victim = browser.new_page()
    victim.goto(f"{live_server.url}/fr/follow/")
    victim.fill("#id_reference", filed.report.reference)
    victim.fill("#id_tracking_code", filed.tracking_code)
    victim.locator("main form button[type=submit]").click()
    victim.wait_for_url(lambda url: filed.report.reference in url)
    held = victim.locator("#money-held").inner_text()
    assert "30\u202f000 FCFA ont été bloqués sur le compte du destinataire" in held
    victim.close()
