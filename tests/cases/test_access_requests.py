"""Asking for access to a report of a cluster: recorded, audited, told to its holders with a link
to the case's sharing, idempotent while pending, never granted by itself."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases import access
from vigilance.cases.models import AccessRequest, Case
from vigilance.cases.selectors.cluster import report_cluster
from vigilance.cases.services import lifecycle, work
from vigilance.cases.services.access_requests import access_request_create
from vigilance.core.errors import InvalidAction
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(triage_officer: User) -> Report:
    return report_naming(triage_officer, "6 99 00 00 01")


@pytest.fixture
def theirs(triage_officer: User, gendarme_north: User, mine: Report) -> Report:
    report = report_naming(triage_officer, "6 99 00 00 01", unit=NORTH)
    lifecycle.case_open(report=report, actor=gendarme_north)
    return report


def _ask(user: User, mine: Report, reason: str = "Same suspect number as my case"):  # type: ignore[no-untyped-def]
    key = next(iter(report_cluster(user=user, report=mine).restricted))
    url = reverse("cases:report_cluster_ask", kwargs={"report_id": mine.public_id})
    return personas.signed_in_client(user).post(url, {"node": key, "reason": reason})


def test_asking_tells_the_case_lead_and_is_audited(
    investigator_centre: User, gendarme_north: User, mine: Report, theirs: Report
) -> None:
    answer = _ask(investigator_centre, mine)
    assert answer.status_code == 302
    request = AccessRequest.objects.get()
    case = Case.objects.get(case_reports__report=theirs)
    assert (request.requester, request.report, request.case) == (investigator_centre, theirs, case)
    notification = gendarme_north.notifications.get()
    assert case.number in notification.message
    assert "Same suspect number as my case" in notification.message
    assert notification.url == (
        reverse("cases:case_detail", kwargs={"case_id": case.public_id}) + "#shares"
    )
    event = AuditEvent.objects.get(action="access_request.created")
    assert event.actor_id == investigator_centre.pk
    assert event.object_id == theirs.reference


def test_asking_grants_nothing(investigator_centre: User, mine: Report, theirs: Report) -> None:
    _ask(investigator_centre, mine)
    assert not access.reports_visible_to(investigator_centre).filter(pk=theirs.pk).exists()
    page = personas.signed_in_client(investigator_centre).get(
        reverse("cases:report_cluster", kwargs={"report_id": mine.public_id})
    )
    content = page.content.decode()
    assert theirs.reference not in content
    assert "Access requested: waiting for the holders" in content


def test_asking_twice_makes_one_request_and_one_notification(
    investigator_centre: User, gendarme_north: User, mine: Report, theirs: Report
) -> None:
    first = access_request_create(
        requester=investigator_centre, report=theirs, reason="Same number"
    )
    second = access_request_create(requester=investigator_centre, report=theirs, reason="Again")
    assert first.pk == second.pk
    assert AccessRequest.objects.count() == 1
    assert gendarme_north.notifications.count() == 1


def test_supervisors_above_the_owning_unit_are_told_too(
    investigator_centre: User, triage_officer: User, mine: Report, supervisor_police: User
) -> None:
    theirs = report_naming(triage_officer, "6 99 00 00 01", unit="dgsn-cyber-lt")
    access_request_create(requester=investigator_centre, report=theirs, reason="Same number")
    notification = supervisor_police.notifications.get()
    assert theirs.reference in notification.message
    assert notification.url == reverse(
        "cases:report_detail", kwargs={"report_id": theirs.public_id}
    )


def test_a_reason_is_required(investigator_centre: User, mine: Report, theirs: Report) -> None:
    answer = _ask(investigator_centre, mine, reason="   ")
    assert answer.status_code == 400
    assert "This field is required." in answer.content.decode()
    assert AccessRequest.objects.count() == 0


def test_asking_for_a_report_one_already_sees_is_refused(
    investigator_centre: User, triage_officer: User
) -> None:
    report = report_naming(triage_officer, "6 99 00 00 01")
    with pytest.raises(InvalidAction):
        access_request_create(requester=investigator_centre, report=report, reason="Why not")


def test_a_key_of_another_person_is_refused(
    investigator_centre: User, supervisor_police: User, mine: Report, theirs: Report
) -> None:
    others_key = next(iter(report_cluster(user=supervisor_police, report=mine).restricted))
    url = reverse("cases:report_cluster_ask", kwargs={"report_id": mine.public_id})
    answer = personas.signed_in_client(investigator_centre).post(
        url, {"node": others_key, "reason": "Same number"}
    )
    assert answer.status_code == 409
    assert AccessRequest.objects.count() == 0


def test_asking_from_a_report_outside_need_to_know_is_not_found(
    gendarme_north: User, mine: Report, theirs: Report
) -> None:
    url = reverse("cases:report_cluster_ask", kwargs={"report_id": mine.public_id})
    answer = personas.signed_in_client(gendarme_north).post(url, {"node": "r1", "reason": "x"})
    assert answer.status_code == 404
    assert Unit.objects.filter(code=NORTH).exists()


def test_sharing_the_case_with_the_requester_answers_the_request(
    investigator_centre: User, gendarme_north: User, mine: Report, theirs: Report
) -> None:
    _ask(investigator_centre, mine)
    case = Case.objects.get(case_reports__report=theirs)

    work.case_share_add(
        case=case,
        reason="Same suspect number",
        expires_at=timezone.now() + dt.timedelta(days=30),
        actor=gendarme_north,
        user=investigator_centre,
    )

    assert AccessRequest.objects.get().answered_at is not None
    assert access.reports_visible_to(investigator_centre).filter(pk=theirs.pk).exists()
