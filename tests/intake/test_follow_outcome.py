"""What the victim reads as the case moves: transferred to an agency, under investigation, closed
with its outcome, the investigators' messages; never the internal reason or a staff name."""

import html

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Outcome, Report

pytestmark = pytest.mark.django_db

INTERNAL_REASON = "Internal: the informant is a known fabricator, do not tell the victim"
MESSAGE = 'Please bring your Orange Money receipts to the station <script>alert("x")</script>'


@pytest.fixture
def filed() -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(), channel="web")


@pytest.fixture
def routed(filed: services.SubmittedReport, triage_officer: User) -> Report:
    report = staff.report_route(
        report=filed.report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    Report.objects.filter(pk=report.pk).update(status_reason=INTERNAL_REASON)
    report.refresh_from_db()
    return report


@pytest.fixture
def case(routed: Report, investigator_littoral: User) -> Case:
    return lifecycle.case_open(report=routed, actor=investigator_littoral)


def _page(client: Client, submitted: services.SubmittedReport, language: str) -> str:
    client.post(
        f"/{language}/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )
    response = client.get(f"/{language}/follow/{submitted.report.reference}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _api(client: Client, submitted: services.SubmittedReport, language: str) -> dict:  # type: ignore[type-arg]
    response = client.get(
        f"/api/v1/reports/{submitted.report.reference}",
        headers={"x-tracking-code": submitted.tracking_code, "accept-language": language},
    )
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _in(language: str, text: str, **values: str) -> str:
    with translation.override(language):
        return gettext(text) % values


def test_routed_report_reads_transferred_to_the_agency_in_the_readers_language(
    client: Client, filed: services.SubmittedReport, routed: Report
) -> None:
    agency = Unit.objects.get(code="dgsn-cyber-lt").organisation

    english = _page(client, filed, "en")
    french = _page(client, filed, "fr")
    body = _api(client, filed, "en")

    assert f"Transferred to {agency.name_en}" in english
    assert _in("fr", "Transferred to %(agency)s", agency=agency.name_fr) in french
    transfer = body["history"][-1]
    assert transfer["kind"] == "transferred"
    assert transfer["agency"] == agency.name_en
    assert transfer["label"] == f"Transferred to {agency.name_en}"
    assert body["agency"] == agency.name_en
    assert "dgsn-cyber-lt" not in english
    assert Unit.objects.get(code="dgsn-cyber-lt").name_en not in english


def test_open_case_reads_under_investigation_with_the_investigators_message(
    client: Client,
    filed: services.SubmittedReport,
    case: Case,
    investigator_littoral: User,
) -> None:
    staff.report_message_victim(
        report=case.reports.get(), actor=investigator_littoral, text=MESSAGE
    )

    response_page = client.post(
        "/en/follow/",
        {"reference": filed.report.reference, "tracking_code": filed.tracking_code},
        follow=True,
    )
    raw = response_page.content.decode()
    body = _api(client, filed, "en")

    assert "Under investigation" in raw
    signed = f"Message from the investigators ({investigator_littoral.organisation.name_en})"  # type: ignore[union-attr]
    assert html.escape(signed) in raw
    assert "&lt;script&gt;alert" in raw
    assert '<script>alert("x")' not in raw
    assert body["status_label"] == "Under investigation"
    message = body["history"][-1]
    assert message["kind"] == "message"
    assert message["label"] == signed
    assert message["note"] == MESSAGE
    assert investigator_littoral.username not in raw
    assert investigator_littoral.username not in str(body)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_closed_case_reads_closed_with_the_outcome_in_plain_words(
    client: Client,
    filed: services.SubmittedReport,
    case: Case,
    investigator_littoral: User,
    language: str,
) -> None:
    lifecycle.case_transition(
        case=case,
        status=CaseStatus.CLOSED,
        actor=investigator_littoral,
        outcome=Outcome.FUNDS_RECOVERED,
    )
    with translation.override(language):
        outcome = str(Outcome.FUNDS_RECOVERED.label)
    expected = _in(language, "Closed: %(outcome)s", outcome=outcome)

    page = _page(client, filed, language)
    body = _api(client, filed, language)

    assert expected in page
    assert body["status"] == "closed"
    assert body["status_label"] == expected
    assert body["outcome"] == "funds_recovered"
    assert body["outcome_label"] == outcome
    closed = body["history"][-1]
    assert (closed["kind"], closed["outcome"], closed["label"]) == (
        "closed",
        "funds_recovered",
        expected,
    )


def test_internal_reason_never_reaches_the_victim(
    client: Client,
    filed: services.SubmittedReport,
    case: Case,
    investigator_littoral: User,
) -> None:
    lifecycle.case_transition(
        case=case, status=CaseStatus.CLOSED, actor=investigator_littoral, outcome=Outcome.NO_OFFENCE
    )

    for language in ("en", "fr"):
        assert INTERNAL_REASON not in _page(client, filed, language)
        assert INTERNAL_REASON not in str(_api(client, filed, language))


def test_received_report_reads_received_with_no_agency(
    client: Client, filed: services.SubmittedReport
) -> None:
    body = _api(client, filed, "en")

    assert body["status_label"] == "Received"
    assert body["agency"] == ""
    assert body["outcome"] == body["outcome_label"] == ""
    assert [entry["kind"] for entry in body["history"]] == ["submitted"]
