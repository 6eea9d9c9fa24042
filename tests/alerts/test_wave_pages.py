"""The scam-wave page: editors see counts and series but no report; staff who read cases see the
linked reports within their need-to-know; nobody else sees the page."""

import pytest
from django.test import Client
from django.test.utils import override_settings
from pytest_django.fixtures import Settings

from tests import personas
from tests.alerts.waves_data import reports_file
from vigilance.accounts.models import Unit, User
from vigilance.alerts.models_waves import WaveFinding, WaveStatus
from vigilance.alerts.services.waves import waves_detect
from vigilance.intake import staff
from vigilance.intake.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_high_region_floor")]

PAGE = "/en/staff/alerts/waves/"
# The finding, its reports routed to the Littoral police section, and those still at triage.
Wave = tuple[WaveFinding, list[Report], list[Report]]


@pytest.fixture
def _high_region_floor(settings: Settings) -> None:
    # One identifier's wave only: the reports all come from one region and category.
    settings.WAVE_REGION_MIN_REPORTS = 1000


@pytest.fixture
def wave(triage_officer: User) -> Wave:
    """A wave of 12 reports: 4 routed to the Littoral police section, 8 still at triage."""
    reports = reports_file(12)
    routed, waiting = reports[:4], reports[4:]
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    for report in routed:
        staff.report_route(report=report, unit=littoral, actor=triage_officer)
    return waves_detect()[0], routed, waiting


def _page(user: User) -> str:
    response = personas.signed_in_client(user).get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_the_counts_and_the_draft_but_no_report(wave: Wave, editor: User) -> None:
    finding, routed, waiting = wave

    page = _page(editor)

    assert finding.alert is not None
    assert finding.alert.reference in page
    assert "+237 6 50 11 12 22" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "<table" in page
    for report in routed + waiting:
        assert report.reference not in page
        assert str(report.public_id) not in page


def test_an_investigator_sees_only_the_linked_reports_routed_to_their_unit(
    wave: Wave,
    investigator_littoral: User,
) -> None:
    _finding, routed, waiting = wave

    page = _page(investigator_littoral)

    for report in routed:
        assert report.reference in page
        assert f"/en/staff/reports/{report.public_id}/" in page
    for report in waiting:
        assert report.reference not in page


def test_an_investigator_of_another_region_sees_the_wave_but_none_of_its_reports(
    wave: Wave,
    investigator_centre: User,
) -> None:
    _finding, routed, waiting = wave

    page = _page(investigator_centre)

    assert "None of the linked reports is within your reach." in page
    for report in routed + waiting:
        assert report.reference not in page


def test_the_triage_officer_sees_every_linked_report(wave: Wave, triage_officer: User) -> None:
    _finding, routed, waiting = wave

    page = _page(triage_officer)

    for report in routed + waiting:
        assert report.reference in page


@pytest.mark.parametrize(
    "name", ["mtn_responder", "auditor", "administrator_user", "statistician", "intake_officer"]
)
def test_people_who_neither_write_alerts_nor_read_cases_get_a_404(
    request: pytest.FixtureRequest,
    wave: Wave,
    name: str,
) -> None:
    client = personas.signed_in_client(request.getfixturevalue(name))
    finding = wave[0]

    assert client.get(PAGE).status_code == 404
    dismiss = f"/en/staff/alerts/waves/{finding.pk}/dismiss/"
    assert client.post(dismiss, {"reason": "no"}).status_code == 404
    finding.refresh_from_db()
    assert finding.status == WaveStatus.DRAFTED


def test_the_public_is_sent_to_sign_in(wave: Wave) -> None:
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_an_editor_dismisses_a_finding_with_a_reason(wave: Wave, editor: User) -> None:
    finding = wave[0]
    client = personas.signed_in_client(editor)
    dismiss = f"/en/staff/alerts/waves/{finding.pk}/dismiss/"

    blank = client.post(dismiss, {"reason": ""})
    assert blank.status_code == 400
    assert "This field is required." in blank.content.decode()
    done = client.post(dismiss, {"reason": "An operator's own campaign."}, follow=True)
    assert done.status_code == 200
    assert "Finding dismissed." in done.content.decode()
    again = client.post(dismiss, {"reason": "Twice."})
    assert again.status_code == 409

    finding.refresh_from_db()
    assert finding.status == WaveStatus.DISMISSED
    assert finding.dismissal_reason == "An operator's own campaign."


def test_a_triage_officer_may_read_but_not_dismiss(wave: Wave, triage_officer: User) -> None:
    finding = wave[0]
    client = personas.signed_in_client(triage_officer)

    response = client.post(f"/en/staff/alerts/waves/{finding.pk}/dismiss/", {"reason": "No."})

    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.status == WaveStatus.DRAFTED


def test_a_finding_that_does_not_exist_answers_404(editor: User) -> None:
    client = personas.signed_in_client(editor)

    assert client.post("/en/staff/alerts/waves/999999/dismiss/", {"reason": "x"}).status_code == 404
    assert (
        client.post(f"/en/staff/alerts/waves/{2**70}/dismiss/", {"reason": "x"}).status_code == 404
    )


@override_settings(LANGUAGE_CODE="fr")
def test_the_page_reads_in_french(wave: Wave, editor: User) -> None:
    response = personas.signed_in_client(editor).get("/fr/staff/alerts/waves/")

    page = response.content.decode()
    assert "Vagues d\u2019escroqueries" in page
    assert "Projet d\u2019alerte proposé" in page
