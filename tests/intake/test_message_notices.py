"""The victim is told by SMS or e-mail that the investigators wrote to them: once until they
read their report, in its language, without the message or the tracking code."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle, work
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db

MESSAGE = "Bring the Orange Money receipt of 12 March to the Bonanjo station."


def _sms(settings: Settings) -> list[dict[str, str]]:
    folder = Path(settings.SMS_FILE_PATH)
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def _file_and_open(
    triage_officer: User, investigator_littoral: User, **changes: Any
) -> tuple[services.SubmittedReport, Case]:
    filed = services.report_submit(draft=report_draft(**changes), channel="web")
    report = staff.report_route(
        report=filed.report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return filed, lifecycle.case_open(report=report, actor=investigator_littoral)


def _write(case: Case, investigator: User, capture: Any, text: str = MESSAGE) -> None:
    with capture(execute=True):
        work.case_message_victim(
            case=case, report=case.reports.get(), text=text, actor=investigator
        )


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "un nouveau message"), ("en", "a new message")]
)
def test_an_email_notice_in_the_reports_language_without_message_or_code(
    triage_officer: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Any,
    settings: Settings,
    language: str,
    expected: str,
) -> None:
    settings.PUBLIC_BASE_URL = "https://vigilance.example.cm"
    filed, case = _file_and_open(triage_officer, investigator_littoral, language=language)

    _write(case, investigator_littoral, django_capture_on_commit_callbacks)

    [notice] = mail.outbox
    assert notice.to == ["john@example.cm"]
    assert expected in notice.body
    assert f"https://vigilance.example.cm/{language}/follow/" in notice.body
    assert filed.report.reference in notice.body
    assert MESSAGE not in notice.body
    assert "Bonanjo" not in notice.body
    assert filed.tracking_code not in notice.body + notice.subject
    assert _sms(settings) == []


def test_a_phone_gets_an_sms_notice(
    triage_officer: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Any,
    settings: Settings,
) -> None:
    filed, case = _file_and_open(
        triage_officer,
        investigator_littoral,
        language="fr",
        reporter=services.ReporterInput(name="Awa", phone="677 12 34 56"),
    )

    _write(case, investigator_littoral, django_capture_on_commit_callbacks)

    [sms] = _sms(settings)
    assert sms["to"] == filed.report.reporter_phone
    assert "un nouveau message" in sms["text"]
    assert MESSAGE not in sms["text"]
    assert filed.tracking_code not in sms["text"]
    assert mail.outbox == []


def test_several_messages_make_one_notice_until_the_victim_reads_the_follow_page(
    client: Client,
    triage_officer: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    filed, case = _file_and_open(triage_officer, investigator_littoral)

    _write(case, investigator_littoral, django_capture_on_commit_callbacks)
    _write(case, investigator_littoral, django_capture_on_commit_callbacks, "And your ID card.")
    assert len(mail.outbox) == 1

    reference = filed.report.reference
    client.post("/en/follow/", {"reference": reference, "tracking_code": filed.tracking_code})
    assert client.get(f"/en/follow/{reference}/").status_code == 200
    _write(case, investigator_littoral, django_capture_on_commit_callbacks, "One more thing.")

    assert len(mail.outbox) == 2
    assert (
        AuditEvent.objects.filter(action="report.message_notice_sent", object_id=reference).count()
        == 2
    )


def test_reading_the_report_through_the_api_also_rearms_the_notice(
    client: Client,
    triage_officer: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    filed, case = _file_and_open(triage_officer, investigator_littoral)
    _write(case, investigator_littoral, django_capture_on_commit_callbacks)

    client.get(
        f"/api/v1/reports/{filed.report.reference}",
        headers={"x-tracking-code": filed.tracking_code},
    )
    _write(case, investigator_littoral, django_capture_on_commit_callbacks, "Second.")

    assert len(mail.outbox) == 2


def test_an_anonymous_report_gets_no_notice(
    triage_officer: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Any,
    settings: Settings,
) -> None:
    _filed, case = _file_and_open(
        triage_officer,
        investigator_littoral,
        reporter=services.ReporterInput(is_anonymous=True),
    )

    _write(case, investigator_littoral, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert _sms(settings) == []
    assert not AuditEvent.objects.filter(action="report.message_notice_sent").exists()
