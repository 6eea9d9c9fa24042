"""An alert from the editor's draft to the public: the editor writes it in both languages, a
second editor approves and publishes it, and it shows on the home page, in the RSS feed, and at
its French and English addresses, each with its own slug."""

import pytest

from tests import personas
from tests.browser.test_case_workflow import _sign_in
from vigilance.accounts.models import User
from vigilance.alerts.models import Alert

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE_FR = "Faux remboursements MTN MoMo"
TITLE_EN = "Fake MTN MoMo refunds"


def _page_of(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(30_000)
    page = context.new_page()
    _sign_in(page, live_server, user)
    return page


def test_an_editor_drafts_another_publishes_and_the_public_sees_it(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    page = _page_of(browser, live_server, personas.persona("editor"))
    page.goto(f"{live_server.url}/fr/staff/alerts/")
    page.get_by_role("link", name="Rédiger une alerte").click()
    page.fill("#id_title_fr", TITLE_FR)
    page.fill("#id_summary_fr", "Ne renvoyez jamais l'argent d'un « transfert par erreur ».")
    page.fill("#id_body_fr", "Vérifiez votre **solde** avec *126#.")
    page.fill("#id_title_en", TITLE_EN)
    page.fill("#id_summary_en", "Never send back money from a “mistaken transfer”.")
    page.fill("#id_body_en", "Check your **balance** with *126#.")
    page.fill("#id_identifiers", "phone: 677 10 20 30")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url("**/staff/alerts/ALR-*/")
    page.get_by_role("button", name="Soumettre à approbation").click()
    assert "approbation" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Approuver et publier").count() == 0

    approver = _page_of(browser, live_server, personas.persona("second_editor"))
    approver.goto(page.url)
    approver.get_by_role("button", name="Approuver et publier").click()
    assert "est publiée." in approver.locator(".messages").inner_text()

    alert = Alert.objects.get()
    public = browser.new_page(locale="fr-FR")
    public.goto(f"{live_server.url}/fr/")
    public.get_by_role("link", name=TITLE_FR).click()
    assert (
        public.url == f"{live_server.url}/fr/alerts/{alert.reference}/faux-remboursements-mtn-momo/"
    )
    assert public.locator("h1").inner_text() == TITLE_FR
    public.get_by_role("link", name="Read this alert in English").click()
    assert public.url == f"{live_server.url}/en/alerts/{alert.reference}/fake-mtn-momo-refunds/"
    assert public.locator("h1").inner_text() == TITLE_EN

    feed = public.request.get(f"{live_server.url}/fr/alerts/feed/rss/")
    assert feed.ok
    assert f"<title>{TITLE_FR}</title>" in feed.text()
