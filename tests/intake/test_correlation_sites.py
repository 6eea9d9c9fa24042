"""A link's or an e-mail's site becomes an identifier of the report, so that reports on one scam
site meet (each victim is given their own link), but never through a shared domain."""

import pytest
from django.test import Client

from tests.factories import report_draft
from tests.indicators.lookup_data import report_verify_contact
from vigilance.indicators.lookup import public_check
from vigilance.indicators.models import Indicator
from vigilance.intake import services
from vigilance.intake.correlation import sighting_confirm
from vigilance.intake.models import Report, Sighting, SightingSource

pytestmark = pytest.mark.django_db

SITE = "promo-orange-cm.com"


def _report(*identifiers: tuple[str, str], person: int = 0, role: str = "suspect") -> Report:
    submitted = services.report_submit(
        draft=report_draft(
            reporter=services.ReporterInput(name="Awa", phone=f"+23767300{person:04d}"),
            identifiers=[
                services.IdentifierInput(type=kind, value=value, role=role)
                for kind, value in identifiers
            ],
        ),
        channel="web",
    )
    report_verify_contact(submitted.report)
    return submitted.report


def _sites(report: Report) -> list[tuple[str, str, str]]:
    return list(
        report.identifiers.filter(source=SightingSource.DERIVED).values_list(
            "type", "value", "role"
        )
    )


def test_reports_of_links_on_one_site_share_the_sites_indicator() -> None:
    reports = [_report(("url", f"https://{SITE}/inscription?id={n}"), person=n) for n in (1, 2, 3)]

    linked = Sighting.objects.filter(report__in=reports, type="domain", value=SITE)
    assert linked.count() == 3
    assert len(set(linked.values_list("indicator_id", flat=True))) == 1
    assert all(_sites(report) == [("domain", SITE, "suspect")] for report in reports)


def test_the_site_and_any_other_link_on_it_are_reported_once_three_verified_people_named_it(
    client: Client,
) -> None:
    for n in (1, 2, 3):
        _report(("url", f"https://{SITE}/inscription?id={n}"), person=n)

    other_link = public_check("url", f"https://{SITE}/inscription?id=4")
    answer = client.get(
        "/api/v1/lookup",
        {"type": "url", "value": f"hxxps://{SITE}/paiement"},
        headers={"accept-language": "en"},
    ).json()

    assert public_check("domain", SITE).status == "reported"
    assert (other_link.status, other_link.site) == ("reported", SITE)
    assert (answer["status"], answer["site"], answer["reports"]) == ("reported", SITE, "1-4")
    assert "promo-orange-cm[.]com" in answer["advice"]


def test_below_three_people_the_site_is_not_reported() -> None:
    for n in (1, 2):
        _report(("url", f"https://{SITE}/inscription?id={n}"), person=n)

    assert public_check("url", f"https://{SITE}/inscription?id=3").status == "not_reported"
    assert public_check("domain", SITE).status == "not_reported"


@pytest.mark.parametrize(
    "values",
    [
        [("url", f"https://bit.ly/promo{n}") for n in (1, 2, 3)],
        [("email", f"agent.mtn{n}@gmail.com") for n in (1, 2, 3)],
        [("url", f"https://www.facebook.com/promo.orange{n}") for n in (1, 2, 3)],
        [("url", f"https://blogspot.com/?p={n}") for n in (1, 2, 3)],
        [("url", f"https://sites.google.com/view/promo{n}") for n in (1, 2, 3)],
    ],
    ids=["shortener", "mail-provider", "social-network", "platform", "google-sites"],
)
def test_shared_domains_never_link_reports(values: list[tuple[str, str]]) -> None:
    reports = [_report(value, person=n) for n, value in enumerate(values)]

    assert all(_sites(report) == [] for report in reports)
    assert not Indicator.objects.filter(type="domain").exists()


def test_a_customer_site_on_a_hosting_platform_is_its_own_domain() -> None:
    reports = [
        _report(("url", f"https://promo-mtn.blogspot.com/p/gain.html?id={n}"), person=n)
        for n in (1, 2, 3)
    ]

    assert all(
        _sites(report) == [("domain", "promo-mtn.blogspot.com", "suspect")] for report in reports
    )
    assert public_check("domain", "promo-mtn.blogspot.com").status == "reported"
    assert not Indicator.objects.filter(type="domain", value="blogspot.com").exists()


def test_an_email_address_gives_its_domain_unless_on_the_warning_list() -> None:
    own = _report(("email", "agent@promo-mtn-cm.com"))
    webmail = _report(("email", "agent.mtn@yahoo.fr"), person=1)  # analysts' warning list

    assert _sites(own) == [("domain", "promo-mtn-cm.com", "suspect")]
    assert _sites(webmail) == []


def test_a_site_is_added_once_and_not_when_the_reporter_typed_it() -> None:
    typed = _report(("url", f"https://{SITE}/a"), ("domain", SITE), ("url", f"https://{SITE}/b"))
    twice = _report(("url", f"https://{SITE}/a"), ("email", f"agent@{SITE}"), person=1)

    assert _sites(typed) == []
    assert _sites(twice) == [("domain", SITE, "suspect")]


def test_the_site_of_the_victims_own_address_keeps_its_role_and_never_counts() -> None:
    for n in (1, 2, 3):
        _report(("email", f"compta@{SITE}"), person=n, role="victim")

    assert Indicator.objects.get(type="domain", value=SITE).verified_reporter_count == 0
    assert public_check("domain", SITE).status == "not_reported"


def test_confirming_a_link_found_in_a_narrative_adds_its_site(investigator_centre) -> None:  # type: ignore[no-untyped-def]
    report = services.report_submit(
        draft=report_draft(
            description=f"On m'a envoyé le lien https://{SITE}/inscription?id=9 pour un bonus.",
            identifiers=[],
        ),
        channel="web",
    ).report
    found = report.identifiers.get(type="url")
    assert _sites(report) == []

    sighting_confirm(sighting=found, actor=investigator_centre)

    site = report.identifiers.get(source=SightingSource.DERIVED)
    assert (site.type, site.value, site.is_counted) == ("domain", SITE, True)
    assert site.indicator is not None
