"""Working a case (``cases.services.work``) and reading it (``cases.selectors.case``)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case, CaseEvent, CaseStatus, Notification
from vigilance.cases.selectors.case import (
    assignable_users,
    case_detail,
    case_list_for_user,
)
from vigilance.cases.services import lifecycle, work
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.indicators.normalise import display
from vigilance.intake import services, staff
from vigilance.intake.models import Report, ReportEvent, ReportStatus

pytestmark = pytest.mark.django_db


def _routed_report(triage_officer: User, unit: str = "dgsn-cyber-lt", **changes: object) -> Report:
    report = services.report_submit(draft=report_draft(**changes), channel="web").report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    return lifecycle.case_open(report=_routed_report(triage_officer), actor=investigator_littoral)


def test_a_task_goes_to_someone_who_sees_the_case_and_they_are_told(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    task = work.case_task_add(
        case=case, title="Requisition MTN", assignee=supervisor_police, actor=investigator_littoral
    )
    assert case.events.filter(kind=CaseEvent.Kind.TASK_ADDED, summary="Requisition MTN").exists()
    assert AuditEvent.objects.filter(action="case.task_added", object_id=case.number).exists()
    assert Notification.objects.filter(user=supervisor_police, message__contains=case.number)
    work.case_task_complete(case=case, task_id=task.pk, actor=supervisor_police)
    task.refresh_from_db()
    assert task.done_at is not None
    with pytest.raises(InvalidAction):
        work.case_task_complete(case=case, task_id=task.pk, actor=supervisor_police)


def test_a_task_cannot_go_to_someone_outside_need_to_know(
    case: Case, investigator_littoral: User, gendarme_north: User
) -> None:
    with pytest.raises(InvalidAction) as refused:
        work.case_task_add(
            case=case, title="Look", assignee=gendarme_north, actor=investigator_littoral
        )
    assert "assignee" in refused.value.fields


def test_writes_outside_need_to_know_are_not_found(
    case: Case, investigator_centre: User, mtn_responder: User
) -> None:
    with pytest.raises(NotFound):
        work.case_note_add(case=case, body="hello", actor=investigator_centre)
    with pytest.raises(NotAllowed):
        work.case_note_add(case=case, body="hello", actor=mtn_responder)


def test_the_lead_must_belong_to_the_owning_unit_and_unit_change_needs_a_supervisor(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    with pytest.raises(InvalidAction):
        work.case_lead_set(case=case, lead=supervisor_police, actor=investigator_littoral)
    with pytest.raises(NotAllowed):
        work.case_unit_set(
            case=case, unit=Unit.objects.get(code="dgsn-cyber-ce"), actor=investigator_littoral
        )
    work.case_unit_set(
        case=case, unit=Unit.objects.get(code="dgsn-cyber-ce"), actor=supervisor_police
    )
    case.refresh_from_db()
    assert case.owning_unit.code == "dgsn-cyber-ce"
    assert case.lead is None
    assert case.reports.get().unit == Unit.objects.get(code="dgsn-cyber-ce")


def test_priority_and_tlp_are_checked(case: Case, investigator_littoral: User) -> None:
    work.case_priority_set(case=case, priority=4, tlp="red", actor=investigator_littoral)
    case.refresh_from_db()
    assert (case.priority, case.tlp) == (4, "red")
    with pytest.raises(InvalidAction):
        work.case_priority_set(case=case, priority=9, tlp="red", actor=investigator_littoral)
    with pytest.raises(InvalidAction):
        work.case_priority_set(case=case, priority=2, tlp="purple", actor=investigator_littoral)


def test_the_victim_reads_a_message_only_for_a_report_of_the_case(
    case: Case, triage_officer: User, investigator_littoral: User
) -> None:
    report = case.reports.get()
    work.case_message_victim(
        case=case, report=report, text="Please bring the receipt.", actor=investigator_littoral
    )
    assert ReportEvent.objects.filter(
        report=report, kind=ReportEvent.Kind.MESSAGE, note="Please bring the receipt."
    ).exists()
    other = _routed_report(triage_officer)
    with pytest.raises(InvalidAction):
        work.case_message_victim(case=case, report=other, text="Hello", actor=investigator_littoral)


def test_links_need_both_cases_visible_and_hide_what_the_reader_cannot_see(
    case: Case,
    triage_officer: User,
    investigator_littoral: User,
    investigator_centre: User,
    supervisor_police: User,
) -> None:
    centre_case = lifecycle.case_open(
        report=_routed_report(triage_officer, unit="dgsn-cyber-ce", region="CE"),
        actor=investigator_centre,
    )
    with pytest.raises(NotFound):
        work.case_link_add(
            case=case, other_case=centre_case, reason="same number", actor=investigator_littoral
        )
    with pytest.raises(NotAllowed):
        work.case_link_add(
            case=case, other_case=centre_case, reason="same number", actor=triage_officer
        )
    work.case_link_add(
        case=case, other_case=centre_case, reason="same number", actor=supervisor_police
    )
    with pytest.raises(InvalidAction):
        work.case_link_add(
            case=centre_case, other_case=case, reason="again", actor=supervisor_police
        )

    (seen,) = case_detail(user=supervisor_police, case=case).links
    assert (seen.number, seen.title, seen.is_visible) == (
        centre_case.number,
        centre_case.title,
        True,
    )
    (hidden,) = case_detail(user=investigator_littoral, case=case).links
    assert not hidden.is_visible
    assert (hidden.number, hidden.title, hidden.reason) == ("", "", "")
    assert hidden.organisation == centre_case.owning_unit.organisation.name


def test_case_detail_gathers_identifiers_once_with_their_report_count(
    case: Case, triage_officer: User, investigator_littoral: User
) -> None:
    second = _routed_report(triage_officer)
    lifecycle.case_attach_report(case=case, report=second, actor=investigator_littoral)
    work.case_task_add(case=case, title="Call", actor=investigator_littoral)
    work.case_note_add(case=case, body="Looks like a wave", actor=investigator_littoral)
    with CaptureQueriesContext(connection) as queries:
        detail = case_detail(user=investigator_littoral, case=case)
    assert len(queries) <= 15
    (identifier,) = detail.identifiers
    assert (identifier.type, identifier.report_count) == ("phone", 2)
    assert identifier.shown == display("phone", identifier.value)
    assert len(detail.reports) == 2
    assert [t.title for t in detail.tasks] == ["Call"]
    assert [n.body for n in detail.notes] == ["Looks like a wave"]


def test_the_case_list_filters_and_hides_what_is_outside_need_to_know(
    case: Case, investigator_littoral: User, investigator_centre: User, supervisor_police: User
) -> None:
    assert list(case_list_for_user(user=investigator_littoral).object_list) == [case]
    assert list(case_list_for_user(user=investigator_littoral, mine=True).object_list) == [case]
    assert list(case_list_for_user(user=investigator_littoral, status="closed").object_list) == []
    assert list(case_list_for_user(user=investigator_centre).object_list) == []
    assert list(case_list_for_user(user=supervisor_police, unit="dgsn-cyber-lt").object_list) == [
        case
    ]


def test_assignable_users_are_the_owning_units_case_workers(
    case: Case, investigator_littoral: User, investigator_centre: User
) -> None:
    assert assignable_users(case) == [investigator_littoral]


def test_reading_a_case_is_audited(case: Case, investigator_littoral: User) -> None:
    work.case_view_record(case=case, actor=investigator_littoral)
    assert AuditEvent.objects.filter(action="case.viewed", object_id=case.number).count() == 1


def test_closing_needs_an_outcome_and_closes_every_report(
    case: Case, triage_officer: User, investigator_littoral: User
) -> None:
    lifecycle.case_attach_report(
        case=case, report=_routed_report(triage_officer), actor=investigator_littoral
    )
    with pytest.raises(InvalidAction):
        lifecycle.case_transition(case=case, status="closed", actor=investigator_littoral)
    lifecycle.case_transition(
        case=case, status="closed", outcome="funds_recovered", actor=investigator_littoral
    )
    assert case.status == CaseStatus.CLOSED
    assert set(case.reports.values_list("status", "outcome")) == {
        (ReportStatus.CLOSED, "funds_recovered")
    }
    with pytest.raises(InvalidAction):
        work.case_task_add(case=case, title="Too late", actor=investigator_littoral)


def test_a_share_expiry_is_required_in_the_future_and_bounded(
    case: Case, investigator_littoral: User
) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-ce")
    for expires_at in (
        timezone.now() - dt.timedelta(hours=1),
        timezone.now() + dt.timedelta(days=181),
    ):
        with pytest.raises(InvalidAction) as refused:
            work.case_share_add(
                case=case,
                unit=unit,
                reason="help",
                expires_at=expires_at,
                actor=investigator_littoral,
            )
        assert "expires_at" in refused.value.fields
    with pytest.raises(InvalidAction):
        work.case_share_add(
            case=case,
            unit=unit,
            reason="  ",
            expires_at=timezone.now() + dt.timedelta(days=3),
            actor=investigator_littoral,
        )
