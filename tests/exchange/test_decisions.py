"""Listing a partner's value as confirmed fraud: by an analyst's decision only, never for a
warning-listed value, AMBER and narrower only when our own reports name it, our marking never
wider than the partner's; and the pages of it, in both languages."""

import pytest
from django.utils import translation

from tests import personas
from tests.exchange.partner_imports import partner_import
from tests.factories import report_draft
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.exchange.services.decisions import partner_indicator_push
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.intake import services

pytestmark = pytest.mark.django_db

LIST = "/{lang}/staff/exchange/partner-indicators/"


def _reported(raw: str = "6 77 12 34 56") -> None:
    """One of our own reports names the number."""
    draft = report_draft(identifiers=[services.IdentifierInput(type="phone", value=raw)])
    services.report_submit(draft=draft, channel="web")


def test_a_clear_value_is_listed_on_the_partners_word_and_audited(
    peer_cirt: Organisation, cirt_analyst: User
) -> None:
    row = partner_import(peer_cirt, "domain", "colis-express-livraison.cm", tlp="clear")

    indicator = partner_indicator_push(
        actor=cirt_analyst, partner_indicator=row, reason="Same wave as our advisory"
    )

    assert indicator.status == IndicatorStatus.CONFIRMED_FRAUD
    change = indicator.status_changes.get()
    assert "CERT Gabon" in change.reason
    assert "Same wave as our advisory" in change.reason
    assert indicator.tlp == "amber"  # our default stays: never widened to the partner's CLEAR
    row.refresh_from_db()
    assert row.pushed_by == cirt_analyst
    event = AuditEvent.objects.get(action="exchange.partner_indicator_pushed")
    assert event.details["partner"] == "cert-gabon"
    assert event.details["rests_on_own_reports"] is False


def test_a_warning_listed_value_is_never_listed(
    peer_cirt: Organisation, cirt_analyst: User
) -> None:
    row = partner_import(peer_cirt, "domain", "gmail.com", tlp="clear")

    with pytest.raises(InvalidAction):
        partner_indicator_push(actor=cirt_analyst, partner_indicator=row, reason="spam")

    assert not Indicator.objects.filter(status=IndicatorStatus.CONFIRMED_FRAUD).exists()
    assert not AuditEvent.objects.filter(action="exchange.partner_indicator_pushed").exists()


@pytest.mark.parametrize("tlp", ["amber", "amber_strict", "red"])
def test_an_amber_or_narrower_value_without_our_own_report_is_refused(
    peer_cirt: Organisation, cirt_analyst: User, tlp: str
) -> None:
    row = partner_import(peer_cirt, "phone", "+237699887766", tlp=tlp, uploaded_by=cirt_analyst)

    with translation.override("en"), pytest.raises(InvalidAction) as refused:
        partner_indicator_push(actor=cirt_analyst, partner_indicator=row, reason="seen abroad")

    assert "our own reports" in refused.value.message
    row.refresh_from_db()
    assert row.pushed_at is None


def test_a_red_value_named_in_our_reports_is_listed_and_marked_red(
    peer_cirt: Organisation, cirt_analyst: User
) -> None:
    _reported("6 77 12 34 56")
    row = partner_import(peer_cirt, "phone", "+237677123456", tlp="red", uploaded_by=cirt_analyst)

    indicator = partner_indicator_push(
        actor=cirt_analyst, partner_indicator=row, reason="Our victims name it too"
    )

    assert indicator.status == IndicatorStatus.CONFIRMED_FRAUD
    assert indicator.tlp == "red"
    event = AuditEvent.objects.get(action="exchange.partner_indicator_pushed")
    assert event.details["rests_on_own_reports"] is True


def test_only_analysts_may_decide(peer_cirt: Organisation, editor: User) -> None:
    row = partner_import(peer_cirt, "domain", "colis-express-livraison.cm", tlp="clear")

    with pytest.raises(NotAllowed):
        partner_indicator_push(actor=editor, partner_indicator=row, reason="why")


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "What partners sent"), ("fr", "Ce que les partenaires ont envoyé")]
)
def test_the_list_answers_analysts_in_both_languages_with_filters(
    peer_cirt: Organisation, cirt_analyst: User, lang: str, title: str
) -> None:
    partner_import(peer_cirt, "domain", "colis-express-livraison.cm", tlp="clear")
    partner_import(peer_cirt, "phone", "+237677123456", tlp="green")
    _reported("6 77 12 34 56")
    client = personas.signed_in_client(cirt_analyst)

    everything = client.get(LIST.format(lang=lang))
    named = client.get(LIST.format(lang=lang), {"named": "on"}).content.decode()
    domains = client.get(LIST.format(lang=lang), {"type": "domain"}).content.decode()

    assert everything.status_code == 200
    assert title in everything.content.decode()
    assert "6 77 12 34 56" in named
    assert "colis-express-livraison" not in named
    assert "colis-express-livraison" in domains
    assert "6 77 12 34 56" not in domains


@pytest.mark.parametrize("name", ["mtn_responder", "editor", "auditor", "triage_officer"])
def test_the_pages_do_not_exist_for_those_who_do_not_analyse_indicators(
    request: pytest.FixtureRequest, peer_cirt: Organisation, name: str
) -> None:
    row = partner_import(peer_cirt, "domain", "colis-express-livraison.cm", tlp="clear")
    client = personas.signed_in_client(request.getfixturevalue(name))

    assert client.get(LIST.format(lang="fr")).status_code == 404
    assert client.get(f"{LIST.format(lang='fr')}{row.pk}/").status_code == 404
    assert (
        client.post(f"{LIST.format(lang='fr')}{row.pk}/push/", {"reason": "x"}).status_code == 404
    )
    row.refresh_from_db()
    assert row.pushed_at is None


def test_an_amber_strict_import_of_another_organisation_is_not_found(
    peer_cirt: Organisation, cirt_analyst: User, investigator_littoral: User
) -> None:
    row = partner_import(
        peer_cirt, "phone", "+237699887766", tlp="amber_strict", uploaded_by=cirt_analyst
    )
    outsider = personas.signed_in_client(investigator_littoral)

    assert outsider.get(f"{LIST.format(lang='en')}{row.pk}/").status_code == 404
    assert "6 99 88 77 66" not in outsider.get(LIST.format(lang="en")).content.decode()
    assert (
        personas.signed_in_client(cirt_analyst)
        .get(f"{LIST.format(lang='en')}{row.pk}/")
        .status_code
        == 200
    )


def test_the_page_explains_why_an_amber_value_cannot_be_listed_yet(
    peer_cirt: Organisation, cirt_analyst: User
) -> None:
    row = partner_import(peer_cirt, "phone", "+237699887766", tlp="amber")
    client = personas.signed_in_client(cirt_analyst)

    page = client.get(f"{LIST.format(lang='en')}{row.pk}/").content.decode()
    refused = client.post(f"{LIST.format(lang='fr')}{row.pk}/push/", {"reason": "vu ailleurs"})

    assert "only when our own reports name it, and none does yet" in page
    assert refused.status_code == 409
    assert "nos propres signalements" in refused.content.decode()


def test_listing_through_the_page_needs_a_reason_then_opens_the_indicator(
    peer_cirt: Organisation, cirt_analyst: User
) -> None:
    row = partner_import(peer_cirt, "domain", "colis-express-livraison.cm", tlp="green")
    client = personas.signed_in_client(cirt_analyst)
    push = f"{LIST.format(lang='en')}{row.pk}/push/"

    assert client.post(push, {"reason": ""}).status_code == 400
    done = client.post(push, {"reason": "Same wave as our advisory"})

    indicator = Indicator.objects.get(type="domain", value="colis-express-livraison.cm")
    assert done.status_code == 302
    assert done["Location"] == f"/en/staff/indicators/{indicator.pk}/"
    assert indicator.status == IndicatorStatus.CONFIRMED_FRAUD
