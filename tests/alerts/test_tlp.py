"""Partners' alerts under TLP 2.0: AMBER+STRICT stays with the organisation publishing them."""

import pytest
from django.test import Client

from tests import personas
from tests.alerts.factories import published_alert
from vigilance.accounts.models import User
from vigilance.alerts.access import partner_alerts_visible_to
from vigilance.alerts.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(editor: User, second_editor: User) -> Alert:
    return published_alert(
        editor, second_editor, title_en="Strict", audience="partners", tlp="amber_strict"
    )


def _page(user: User, alert: Alert) -> int:
    client = personas.signed_in_client(user)
    return client.get(f"/en/staff/alerts/partners/{alert.reference}/").status_code


def test_a_partner_responder_never_reads_an_amber_strict_alert(
    strict: Alert, mtn_responder: User
) -> None:
    assert _page(mtn_responder, strict) == 404
    listed = personas.signed_in_client(mtn_responder).get("/en/staff/alerts/partners/")
    assert listed.status_code == 200
    assert strict.reference not in listed.content.decode()


def test_a_police_investigator_does_not_read_an_amber_strict_alert_of_antic(
    strict: Alert, investigator_centre: User
) -> None:
    assert _page(investigator_centre, strict) == 404
    assert not partner_alerts_visible_to(investigator_centre).filter(pk=strict.pk).exists()


def test_antic_staff_read_their_organisations_amber_strict_alert(
    strict: Alert, cirt_analyst: User
) -> None:
    assert _page(cirt_analyst, strict) == 200
    listed = personas.signed_in_client(cirt_analyst).get("/en/staff/alerts/partners/")
    assert strict.reference in listed.content.decode()


def test_red_stays_with_the_agencies_and_amber_reaches_partners(
    editor: User, second_editor: User, mtn_responder: User, investigator_centre: User
) -> None:
    red = published_alert(editor, second_editor, audience="partners", tlp="red")
    amber = published_alert(editor, second_editor, audience="partners", tlp="amber")
    assert (_page(mtn_responder, red), _page(mtn_responder, amber)) == (404, 200)
    assert (_page(investigator_centre, red), _page(investigator_centre, amber)) == (200, 200)


def test_a_signed_out_visitor_reads_no_partners_alert(strict: Alert) -> None:
    assert Client().get(f"/en/staff/alerts/partners/{strict.reference}/").status_code in (302, 404)


def test_the_alert_form_offers_amber_strict(editor: User) -> None:
    page = personas.signed_in_client(editor).get("/en/staff/alerts/new/").content.decode()
    assert 'value="amber_strict"' in page
    assert "TLP:AMBER+STRICT" in page
