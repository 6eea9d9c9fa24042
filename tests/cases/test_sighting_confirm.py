"""Identifiers found in a narrative are listed on the report page for analysts, and confirming
one links and counts it."""

import pytest
from django.urls import reverse

from tests import personas
from tests.cases.test_cluster_selector import report_naming
from vigilance.accounts.models import Unit, User
from vigilance.indicators.models import Indicator
from vigilance.intake.correlation import FoundIdentifier, extracted_sightings
from vigilance.intake.models import Report, Sighting

pytestmark = pytest.mark.django_db

FOUND = "+237699000009"


@pytest.fixture
def report(triage_officer: User) -> Report:
    report = report_naming(triage_officer, "6 99 00 00 01", unit="antic-cirt")
    Sighting.objects.bulk_create(
        extracted_sightings(report, [FoundIdentifier("phone", FOUND, "mtn")])
    )
    return report


def _confirm_url(report: Report) -> str:
    sighting = Sighting.objects.get(report=report, source="extracted")
    return reverse(
        "cases:report_sighting_confirm",
        kwargs={"report_id": report.public_id, "sighting_id": sighting.pk},
    )


def _page(user: User, report: Report) -> str:
    url = reverse("cases:report_detail", kwargs={"report_id": report.public_id})
    return personas.signed_in_client(user).get(url).content.decode()


def test_an_analyst_sees_the_identifier_awaiting_confirmation(
    cirt_analyst: User, report: Report
) -> None:
    page = _page(cirt_analyst, report)
    assert "Identifiers found in the narrative" in page
    assert _confirm_url(report) in page


def test_an_investigator_does_not_see_the_confirm_button(
    triage_officer: User, report: Report
) -> None:
    page = _page(triage_officer, report)
    assert _confirm_url(report) not in page


def test_confirming_links_and_counts_the_identifier(cirt_analyst: User, report: Report) -> None:
    answer = personas.signed_in_client(cirt_analyst).post(_confirm_url(report))
    assert answer.status_code == 302
    sighting = Sighting.objects.get(report=report, source="extracted")
    assert sighting.is_counted
    indicator = Indicator.objects.get(type="phone", value=FOUND)
    assert sighting.indicator == indicator
    assert indicator.report_count == 1
    assert _confirm_url(report) not in _page(cirt_analyst, report)


def test_confirming_twice_is_not_found(cirt_analyst: User, report: Report) -> None:
    client = personas.signed_in_client(cirt_analyst)
    url = _confirm_url(report)
    client.post(url)
    assert client.post(url).status_code == 404


def test_a_role_without_indicator_analysis_cannot_confirm(
    triage_officer: User, report: Report
) -> None:
    answer = personas.signed_in_client(triage_officer).post(_confirm_url(report))
    assert answer.status_code == 404
    assert not Sighting.objects.get(report=report, source="extracted").is_counted
    assert Unit.objects.exists()
