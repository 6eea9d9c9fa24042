"""The one gate of the reporter's side: by tracking code, by the browser that filed, by the officer."""

from typing import Any

import pytest
from django.test import Client

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import User
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.intake import access, services
from vigilance.intake.models import Channel, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _file(**changes: Any) -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(**changes), channel=Channel.WEB)


def test_reference_and_its_own_code_open_the_report() -> None:
    submitted = _file()

    report = access.report_get_for_tracking(
        reference=submitted.report.reference.lower(), tracking_code=submitted.tracking_code
    )

    assert report.pk == submitted.report.pk


def test_code_of_another_report_does_not_open_this_one() -> None:
    mine, theirs = _file(), _file()

    with pytest.raises(access.ReportNotFound):
        access.report_get_for_tracking(
            reference=theirs.report.reference, tracking_code=mine.tracking_code
        )


def test_unknown_reference_and_wrong_code_get_the_same_not_found() -> None:
    submitted = _file()
    refusals = []
    for reference, code in (
        ("VIG-2099-999999", submitted.tracking_code),
        (submitted.report.reference, "AAAA-BBBB-CCCC-DDDD"),
        (submitted.report.reference, ""),
        ("not a reference", submitted.tracking_code),
    ):
        with pytest.raises(access.ReportNotFound) as refused:
            access.report_get_for_tracking(reference=reference, tracking_code=code)
        refusals.append(type(refused.value))

    assert set(refusals) == {access.ReportNotFound}
    assert issubclass(access.ReportNotFound, NotFound)


def test_api_answers_404_to_a_code_of_another_report(client: Client) -> None:
    mine, theirs = _file(), _file()

    response = client.get(
        f"/api/v1/reports/{theirs.report.reference}",
        headers={"X-Tracking-Code": mine.tracking_code},
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_browser_follows_only_the_reports_it_signed_in_for() -> None:
    mine, theirs = _file(), _file()
    session: dict[str, Any] = {}
    access.follow_grant(session, mine.report)

    assert access.report_get_followed(session=session, reference=mine.report.reference)
    with pytest.raises(access.ReportNotFound):
        access.report_get_followed(session=session, reference=theirs.report.reference)


def test_browser_that_stopped_following_no_longer_opens_the_report() -> None:
    submitted = _file()
    session: dict[str, Any] = {}
    access.follow_grant(session, submitted.report)
    access.follow_revoke(session, submitted.report)

    with pytest.raises(access.ReportNotFound):
        access.report_get_followed(session=session, reference=submitted.report.reference)


def test_forged_session_values_open_nothing() -> None:
    submitted = _file()
    session: dict[str, Any] = {access.FOLLOWED_KEY: str(submitted.report.pk)}

    with pytest.raises(access.ReportNotFound):
        access.report_get_followed(session=session, reference=submitted.report.reference)


def test_receipt_belongs_to_the_session_that_filed() -> None:
    session: dict[str, Any] = {}
    access.receipt_grant(session, "VIG-2026-000001")

    assert access.may_download_receipt(session, "VIG-2026-000001")
    assert not access.may_download_receipt(session, "VIG-2026-000002")
    assert not access.may_download_receipt({}, "VIG-2026-000001")


def test_receipt_of_a_report_filed_by_another_browser_is_not_found(client: Client) -> None:
    theirs = _file()
    session: dict[str, Any] = {}
    access.receipt_grant(session, "VIG-2099-000001")

    with pytest.raises(access.ReportNotFound):
        access.report_get_for_receipt(session=session, reference=theirs.report.reference)
    response = client.get(f"/en/report/receipt/{theirs.report.reference}.pdf")
    assert response.status_code == 404


def test_counter_receipt_of_another_officers_filing_is_not_found(intake_officer: User) -> None:
    filed = services.report_submit(
        draft=report_draft(), channel=Channel.COUNTER, filed_by=intake_officer
    ).report
    colleague = personas.persona("triage_officer")
    # Even a session that claims the filing does not make the colleague its author.
    session: dict[str, Any] = {}
    access.counter_receipt_grant(session, filed.reference)

    with pytest.raises(access.ReportNotFound):
        access.report_get_filed_by(user=colleague, session=session, reference=filed.reference)
    assert access.report_get_filed_by(
        user=intake_officer, session=session, reference=filed.reference
    )
    with pytest.raises(access.ReportNotFound):
        access.report_get_filed_by(user=intake_officer, session={}, reference=filed.reference)


def test_counter_session_keeps_only_its_last_receipts() -> None:
    session: dict[str, Any] = {}
    for number in range(access.MAX_COUNTER_RECEIPTS_KEPT + 1):
        access.counter_receipt_grant(session, f"VIG-2026-{number:06d}")

    assert "VIG-2026-000000" not in session[access.COUNTER_RECEIPTS_KEY]
    assert len(session[access.COUNTER_RECEIPTS_KEY]) == access.MAX_COUNTER_RECEIPTS_KEPT


def test_staff_action_outside_its_statuses_is_refused() -> None:
    report = Report(status=ReportStatus.CLOSED)

    with pytest.raises(InvalidAction):
        access.require_status(report, (ReportStatus.RECEIVED,))
