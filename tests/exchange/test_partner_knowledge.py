"""What partners know, shown beside the identifiers of reports, cases and indicators: only to
those who see the report or case, AMBER+STRICT and RED only to the organisation that received
them, never a warning-listed value, one query for a whole page."""

import pytest
from django.utils import translation

from tests import personas
from tests.exchange.partner_imports import partner_import
from tests.factories import report_draft
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.exchange.selectors.partner_knowledge import partner_knowledge_for
from vigilance.indicators.annotations import annotations_for
from vigilance.indicators.models import Indicator
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db

PHONE = ("phone", "+237677123456")


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    """A case of the Littoral police section; its report names 6 77 12 34 56."""
    report = services.report_submit(draft=report_draft(region="LT"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def test_the_report_page_says_which_partner_knows_the_number_in_both_languages(
    case: Case, peer_cirt: Organisation, investigator_littoral: User
) -> None:
    partner_import(peer_cirt, "phone", "+237 677 12 34 56", tlp="amber", confidence=80)
    client = personas.signed_in_client(investigator_littoral)
    report = case.reports.get()

    english = client.get(f"/en/staff/reports/{report.public_id}/").content.decode()
    french = client.get(f"/fr/staff/reports/{report.public_id}/").content.decode()

    assert "Also known to CERT Gabon (TLP:AMBER, confidence 80, since" in english
    assert "Également connu de CERT Gabon (TLP:AMBER, confiance 80, depuis" in french


def test_the_case_page_and_the_indicator_page_show_it_too(
    case: Case, peer_cirt: Organisation, investigator_littoral: User
) -> None:
    partner_import(peer_cirt, "phone", "+237677123456", tlp="green", confidence=None)
    client = personas.signed_in_client(investigator_littoral)
    indicator = Indicator.objects.get(type="phone", value="+237677123456")

    case_page = client.get(f"/en/staff/cases/{case.public_id}/").content.decode()
    indicator_page = client.get(f"/en/staff/indicators/{indicator.pk}/").content.decode()

    assert "Also known to CERT Gabon (TLP:GREEN, since" in case_page
    assert "Also known to CERT Gabon (TLP:GREEN, since" in indicator_page


def test_an_investigator_of_another_unit_who_cannot_see_the_report_sees_nothing(
    case: Case, peer_cirt: Organisation, investigator_centre: User
) -> None:
    partner_import(peer_cirt, "phone", "+237677123456", tlp="amber")
    client = personas.signed_in_client(investigator_centre)
    report = case.reports.get()

    response = client.get(f"/en/staff/reports/{report.public_id}/")

    assert response.status_code == 404
    assert "CERT Gabon" not in response.content.decode()
    assert client.get(f"/en/staff/cases/{case.public_id}/").status_code == 404


@pytest.mark.parametrize("name", ["mtn_responder", "editor", "auditor"])
def test_people_who_work_no_report_see_no_partner_knowledge(
    request: pytest.FixtureRequest, peer_cirt: Organisation, name: str
) -> None:
    partner_import(peer_cirt, "phone", "+237677123456", tlp="clear")
    user = personas.persona(name)

    assert partner_knowledge_for(user=user, pairs=[PHONE]) == {}
    assert annotations_for(user, [PHONE]) == {}


def test_amber_strict_and_red_imports_reach_only_the_receiving_organisation(
    case: Case,
    peer_cirt: Organisation,
    other_peer_cirt: Organisation,
    cirt_analyst: User,
    investigator_littoral: User,
) -> None:
    partner_import(
        peer_cirt, "phone", "+237677123456", tlp="amber_strict", uploaded_by=cirt_analyst
    )
    partner_import(
        other_peer_cirt, "phone", "+237677123456", tlp="red", source_created_by=cirt_analyst
    )
    report = case.reports.get()

    page = (
        personas.signed_in_client(investigator_littoral)
        .get(f"/en/staff/reports/{report.public_id}/")
        .content.decode()
    )
    for_the_cirt = partner_knowledge_for(user=cirt_analyst, pairs=[PHONE])

    assert "Also known to" not in page
    assert partner_knowledge_for(user=investigator_littoral, pairs=[PHONE]) == {}
    assert sorted(item.tlp for item in for_the_cirt[PHONE]) == ["amber_strict", "red"]


def test_warning_listed_and_withdrawn_values_never_correlate(
    peer_cirt: Organisation, cirt_analyst: User
) -> None:
    partner_import(peer_cirt, "domain", "gmail.com", tlp="clear")
    withdrawn = partner_import(peer_cirt, "domain", "arnaque-colis.cm", tlp="clear")
    withdrawn.is_revoked = True
    withdrawn.save(update_fields=["is_revoked"])

    found = partner_knowledge_for(
        user=cirt_analyst, pairs=[("domain", "gmail.com"), ("domain", "arnaque-colis.cm")]
    )

    assert found == {}


def test_one_query_for_a_whole_page_of_identifiers(
    peer_cirt: Organisation,
    other_peer_cirt: Organisation,
    cirt_analyst: User,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    pairs = []
    for n in range(20):
        row = partner_import(peer_cirt, "phone", f"+2376771000{n:02d}", tlp="green")
        partner_import(other_peer_cirt, "phone", row.value, tlp="amber")
        pairs.append((row.type, row.value))
    # The permission check reads the user's roles once; the knowledge itself is one query.
    permissions_read = len(partner_knowledge_for(user=cirt_analyst, pairs=pairs[:1]))
    assert permissions_read == 1

    with django_assert_num_queries(1), translation.override("en"):
        found = partner_knowledge_for(user=cirt_analyst, pairs=pairs)

    assert len(found) == 20
    assert all(len(items) == 2 for items in found.values())


def test_pairs_are_asked_as_pairs_so_a_cross_pair_matches_nothing(peer_cirt: Organisation) -> None:
    """A mobile-money account and a phone number share their normal form: asking the account
    of one number and the phone of another must not read the other two imports."""
    from vigilance.exchange.selectors.partner_knowledge import _imports
    from vigilance.exchange.services.imports import _existing

    account = partner_import(peer_cirt, "momo_account", "+237677000001", tlp="green")
    phone = partner_import(peer_cirt, "phone", "+237677000002", tlp="green")
    crossed = [("phone", account.value), ("momo_account", phone.value)]

    assert list(_imports(crossed)) == []
    assert _existing(peer_cirt, crossed) == {}
    assert list(_imports([("momo_account", account.value)])) == [account]
    assert _existing(peer_cirt, [("phone", phone.value)]) == {("phone", phone.value): phone}
