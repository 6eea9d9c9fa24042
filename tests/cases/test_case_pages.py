"""The case list and the case page: what each role sees and may do, and how refusals read."""

import pytest
from django.urls import reverse

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


def _routed_report(triage_officer: User, **changes: object) -> Report:
    report = services.report_submit(draft=report_draft(**changes), channel="web").report
    return staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = _routed_report(
        triage_officer,
        identifiers=[
            services.IdentifierInput(type="url", value="http://evil-shop.example.com/pay"),
            services.IdentifierInput(type="phone", value="6 77 12 34 56"),
        ],
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def _detail(case: Case) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case.public_id})


def _action(case: Case, action: str) -> str:
    return reverse("cases:case_action", kwargs={"case_id": case.public_id, "action": action})


def test_the_case_list_shows_the_case_with_its_tlp_and_filters(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    page = client.get(reverse("cases:case_list")).content.decode()
    assert case.number in page
    assert "TLP:AMBER" in page
    closed = client.get(reverse("cases:case_list"), {"status": "closed"}).content.decode()
    assert case.number not in closed
    mine = client.get(reverse("cases:case_list"), {"mine": "on", "unit": "dgsn-cyber-lt"})
    assert case.number in mine.content.decode()


def test_the_case_page_shows_identifiers_defanged_and_records_the_reading(
    case: Case, investigator_littoral: User
) -> None:
    answer = personas.signed_in_client(investigator_littoral).get(_detail(case))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "hxxp://evil-shop[.]example[.]com/pay" in page
    assert 'href="http://evil' not in page
    assert case.reports.get().reference in page
    assert AuditEvent.objects.filter(action="case.viewed", object_id=case.number).exists()


def test_forms_appear_only_when_the_role_allows(
    case: Case, investigator_littoral: User, triage_officer: User
) -> None:
    worker = personas.signed_in_client(investigator_littoral).get(_detail(case)).content.decode()
    assert _action(case, "task") in worker
    assert _action(case, "share") in worker
    assert _action(case, "reopen") not in worker
    reader = personas.signed_in_client(triage_officer).get(_detail(case)).content.decode()
    assert _action(case, "task") not in reader
    assert _action(case, "note") not in reader
    assert _action(case, "attach") in reader  # triage officers may put reports into cases


def test_adding_a_task_redirects_back_with_a_message(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    answer = client.post(
        _action(case, "task"),
        {"task-title": "Ask Orange for the subscriber", "task-assignee": investigator_littoral.pk},
        follow=True,
    )
    page = answer.content.decode()
    assert answer.redirect_chain[-1][0].endswith("#tasks")
    assert "The task is added." in page
    assert "Ask Orange for the subscriber" in page


def test_a_task_without_title_is_a_form_error(case: Case, investigator_littoral: User) -> None:
    answer = personas.signed_in_client(investigator_littoral).post(
        _action(case, "task"), {"task-title": ""}
    )
    assert answer.status_code == 400
    assert 'aria-invalid="true"' in answer.content.decode()


def test_closing_without_an_outcome_is_refused_then_closing_with_one_works(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    refused = client.post(_action(case, "status"), {"status-status": "closed"})
    assert refused.status_code == 400
    assert "Choose the outcome to close the case." in refused.content.decode()
    not_allowed = client.post(_action(case, "status"), {"status-status": "referred_to_prosecutor"})
    assert not_allowed.status_code == 400
    done = client.post(
        _action(case, "status"),
        {"status-status": "closed", "status-outcome": "offender_identified"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.reports.get().status == "closed"


def test_a_refused_action_rerenders_the_page_with_its_reason(
    case: Case, investigator_littoral: User
) -> None:
    answer = personas.signed_in_client(investigator_littoral).post(
        _action(case, "attach"), {"attach-reference": case.reports.get().reference}
    )
    assert answer.status_code == 409
    assert "This report is already in a case." in answer.content.decode()


def test_attaching_a_second_report_by_reference(
    case: Case, triage_officer: User, investigator_littoral: User
) -> None:
    second = _routed_report(triage_officer)
    answer = personas.signed_in_client(investigator_littoral).post(
        _action(case, "attach"), {"attach-reference": second.reference.lower()}
    )
    assert answer.status_code == 302
    assert case.reports.count() == 2


def test_only_a_supervisor_reopens_with_a_reason(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    lifecycle.case_transition(
        case=case, status="closed", outcome="no_offence", actor=investigator_littoral
    )
    investigator = personas.signed_in_client(investigator_littoral)
    assert investigator.post(_action(case, "reopen"), {"reopen-reason": "x"}).status_code == 404
    supervisor = personas.signed_in_client(supervisor_police)
    assert supervisor.post(_action(case, "reopen"), {"reopen-reason": " "}).status_code == 400
    assert (
        supervisor.post(_action(case, "reopen"), {"reopen-reason": "New facts"}).status_code == 302
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING


def test_marking_a_task_done_twice_reads_a_409(case: Case, investigator_littoral: User) -> None:
    task = case.tasks.create(title="Call the bank", created_by=investigator_littoral)
    client = personas.signed_in_client(investigator_littoral)
    url = reverse("cases:case_task_done", kwargs={"case_id": case.public_id, "task_id": task.pk})
    assert client.post(url).status_code == 302
    again = client.post(url)
    assert again.status_code == 409
    assert "This task is already done." in again.content.decode()


def test_a_message_to_the_victim_from_the_page(case: Case, investigator_littoral: User) -> None:
    report = case.reports.get()
    answer = personas.signed_in_client(investigator_littoral).post(
        _action(case, "message"),
        {"message-report": report.reference, "message-text": "Come to the station on Monday."},
    )
    assert answer.status_code == 302
    assert report.events.filter(note="Come to the station on Monday.").exists()


def test_an_unknown_action_or_a_malformed_id_is_404(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    assert client.post(_action(case, "explode")).status_code == 404
    assert (
        client.get(reverse("cases:case_list"), {"page": "abc", "status": "bogus"}).status_code
        == 200
    )
