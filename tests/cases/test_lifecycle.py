"""Opening, attaching, moving and closing a case (``cases.services.lifecycle``)."""

import pytest

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseEvent, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.cases.transitions import ALLOWED_TRANSITIONS, can_transition, next_statuses
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.intake import services, staff
from vigilance.intake.models import Outcome, Report, ReportEvent, ReportStatus

pytestmark = pytest.mark.django_db


def _routed_report(triage_officer: User) -> Report:
    report = services.report_submit(draft=report_draft(region="LT"), channel="web").report
    return staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    return lifecycle.case_open(report=_routed_report(triage_officer), actor=investigator_littoral)


def test_the_workflow_of_domain_md() -> None:
    assert next_statuses("open") == ["investigating", "closed"]
    assert can_transition("investigating", "awaiting_third_party")
    assert can_transition("awaiting_third_party", "investigating")
    assert can_transition("investigating", "referred_to_prosecutor")
    assert not can_transition("open", "referred_to_prosecutor")
    assert not can_transition("closed", "investigating")
    assert set(ALLOWED_TRANSITIONS) == set(CaseStatus.values)


def test_opening_a_case_numbers_it_and_moves_the_report_in(
    case: Case, investigator_littoral: User
) -> None:
    report = case.reports.get()
    assert case.number.startswith("CAS-")
    assert case.number.endswith("000001")
    assert case.owning_unit.code == "dgsn-cyber-lt"
    assert case.lead == investigator_littoral
    assert report.status == ReportStatus.IN_CASE
    assert case.events.filter(kind=CaseEvent.Kind.OPENED).exists()


def test_a_report_cannot_join_two_cases(
    case: Case, triage_officer: User, investigator_littoral: User
) -> None:
    with pytest.raises(InvalidAction):
        lifecycle.case_open(report=case.reports.get(), actor=investigator_littoral)
    second = _routed_report(triage_officer)
    lifecycle.case_attach_report(case=case, report=second, actor=investigator_littoral)
    with pytest.raises(InvalidAction):
        lifecycle.case_attach_report(case=case, report=second, actor=investigator_littoral)
    assert case.reports.count() == 2


def test_an_invalid_transition_is_refused_with_a_readable_message(
    case: Case, investigator_littoral: User
) -> None:
    with pytest.raises(InvalidAction) as refused:
        lifecycle.case_transition(
            case=case, status="referred_to_prosecutor", actor=investigator_littoral
        )
    assert "cannot become" in refused.value.message
    assert "status" in refused.value.fields
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_closing_needs_an_outcome_and_closes_every_report_with_it(
    case: Case, investigator_littoral: User
) -> None:
    lifecycle.case_transition(case=case, status="investigating", actor=investigator_littoral)
    with pytest.raises(InvalidAction):
        lifecycle.case_transition(case=case, status="closed", actor=investigator_littoral)
    lifecycle.case_transition(
        case=case, status="closed", actor=investigator_littoral, outcome=Outcome.FUNDS_RECOVERED
    )
    report = case.reports.get()
    assert report.status == ReportStatus.CLOSED
    assert report.outcome == Outcome.FUNDS_RECOVERED
    assert report.events.filter(kind=ReportEvent.Kind.CLOSED, outcome="funds_recovered").exists()


def test_only_a_supervisor_reopens_and_with_a_reason(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    lifecycle.case_transition(
        case=case, status="closed", actor=investigator_littoral, outcome=Outcome.NO_OFFENCE
    )
    with pytest.raises(NotAllowed):
        lifecycle.case_reopen(case=case, actor=investigator_littoral, reason="New evidence")
    with pytest.raises(InvalidAction):
        lifecycle.case_reopen(case=case, actor=supervisor_police, reason="  ")
    lifecycle.case_reopen(case=case, actor=supervisor_police, reason="New evidence")
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    assert case.reports.get().status == ReportStatus.IN_CASE


def test_someone_outside_the_case_cannot_move_it(case: Case, investigator_centre: User) -> None:
    with pytest.raises(NotFound):
        lifecycle.case_transition(case=case, status="investigating", actor=investigator_centre)


def test_an_auditor_cannot_open_a_case(triage_officer: User, auditor: User) -> None:
    with pytest.raises(NotAllowed):
        lifecycle.case_open(report=_routed_report(triage_officer), actor=auditor)
