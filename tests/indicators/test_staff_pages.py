"""The analysts' indicator pages: search, indicator, warning list, disputes and early warnings,
for roles that analyse indicators only (404 for anyone else)."""

import pytest
from django.test import Client
from django.utils import translation

from tests import personas
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.indicators.models import Indicator, IndicatorStatus

pytestmark = pytest.mark.django_db

BASE = "/en/staff/indicators/"
PAGES = [BASE, f"{BASE}warning-list/", f"{BASE}disputes/", f"{BASE}early-warnings/"]


@pytest.fixture
def analyst(cirt_analyst: User) -> Client:
    return personas.signed_in_client(cirt_analyst)


@pytest.fixture
def link() -> Indicator:
    return Indicator.objects.create(
        type="url", value="http://faux-mtn.cm/bonus", report_count=3, reporter_count=2
    )


@pytest.mark.parametrize("address", PAGES, ids=["search", "warning-list", "disputes", "early"])
@pytest.mark.parametrize("name", ["cirt_analyst", "investigator_centre", "supervisor_police"])
def test_analysts_open_every_page(name: str, address: str) -> None:
    client = personas.signed_in_client(personas.persona(name))
    assert client.get(address).status_code == 200


@pytest.mark.parametrize("address", PAGES, ids=["search", "warning-list", "disputes", "early"])
@pytest.mark.parametrize("name", ["mtn_responder", "auditor", "administrator_user"])
def test_other_roles_get_404(name: str, address: str) -> None:
    client = personas.signed_in_client(personas.persona(name))
    assert client.get(address).status_code == 404


def test_indicator_page_is_404_for_a_partner(mtn_responder: User, link: Indicator) -> None:
    client = personas.signed_in_client(mtn_responder)
    assert client.get(f"{BASE}{link.pk}/").status_code == 404


def test_search_finds_a_link_and_shows_it_defanged(analyst: Client, link: Indicator) -> None:
    response = analyst.get(BASE, {"value": "hxxp://faux-mtn[.]cm/bonus", "type": "url"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"{BASE}{link.pk}/" in html
    assert "faux-mtn[.]cm" in html
    assert 'href="http://faux-mtn.cm' not in html


def test_search_without_type_reads_every_type(analyst: Client) -> None:
    phone = Indicator.objects.create(type="phone", value="+237699887766")
    wallet = Indicator.objects.create(type="momo_account", value="+237699887766")

    html = analyst.get(BASE, {"value": "699 88 77 66"}).content.decode()

    assert f"{BASE}{phone.pk}/" in html
    assert f"{BASE}{wallet.pk}/" in html


def test_an_invalid_value_for_its_type_is_shown_on_the_form(analyst: Client) -> None:
    response = analyst.get(BASE, {"value": "not an address", "type": "email"})

    assert response.status_code == 400
    assert "value" in response.context["form"].errors


def test_the_indicator_page_links_to_the_workspace_search(analyst: Client, link: Indicator) -> None:
    html = analyst.get(f"{BASE}{link.pk}/").content.decode()

    assert "/en/staff/search/?q=http%3A//faux-mtn.cm/bonus" in html
    assert "faux-mtn[.]cm" in html


def test_setting_a_status_keeps_the_reason_in_the_history(
    analyst: Client, link: Indicator, cirt_analyst: User
) -> None:
    response = analyst.post(
        f"{BASE}{link.pk}/status/",
        {"status": "confirmed_fraud", "reason": "Phishing page of a fake MTN bonus."},
    )

    assert response.status_code == 302
    assert Indicator.objects.get(pk=link.pk).status == IndicatorStatus.CONFIRMED_FRAUD
    with translation.override("en"):
        html = analyst.get(f"{BASE}{link.pk}/").content.decode()
    assert "Phishing page of a fake MTN bonus." in html
    assert cirt_analyst.username in html
    assert AuditEvent.objects.filter(action="indicator.status_changed").exists()


def test_a_status_without_reason_is_shown_again(analyst: Client, link: Indicator) -> None:
    response = analyst.post(f"{BASE}{link.pk}/status/", {"status": "confirmed_fraud", "reason": ""})

    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert Indicator.objects.get(pk=link.pk).status == IndicatorStatus.UNVERIFIED


def test_a_partner_cannot_post_a_status(mtn_responder: User, link: Indicator) -> None:
    response = personas.signed_in_client(mtn_responder).post(
        f"{BASE}{link.pk}/status/", {"status": "confirmed_fraud", "reason": "x"}
    )

    assert response.status_code == 404
    assert Indicator.objects.get(pk=link.pk).status == IndicatorStatus.UNVERIFIED
