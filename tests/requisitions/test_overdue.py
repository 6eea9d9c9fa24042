"""The supervisors' overdue list: counts per addressee, a filter by addressee, and the overdue
requisitions a page at a time (a bad page address starts again from the top, with a 400)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import personas
from tests.requisitions.conftest import draft
from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.requisitions.models import Requisition
from vigilance.requisitions.selectors import overdue
from vigilance.requisitions.services import workflow

pytestmark = pytest.mark.django_db

PAGE = "/en/staff/requisitions/overdue/"


def _overdue(
    case: Case, investigator: User, supervisor: User, addressee: str, hours: int
) -> Requisition:
    requisition = workflow.requisition_approve(
        actor=supervisor, requisition=draft(case, investigator, addressee=addressee)
    )
    Requisition.objects.filter(pk=requisition.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=hours)
    )
    return Requisition.objects.get(pk=requisition.pk)


def test_counts_per_addressee_and_the_filter(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    oldest = _overdue(case, investigator_littoral, supervisor_police, "mtn", 30)
    _overdue(case, investigator_littoral, supervisor_police, "mtn", 2)
    orange = _overdue(case, investigator_littoral, supervisor_police, "orange", 5)
    workflow.requisition_approve(
        actor=supervisor_police, requisition=draft(case, investigator_littoral)
    )  # sent to MTN, in time
    draft(case, investigator_littoral)  # a draft counts nowhere

    counts = {row.code: row for row in overdue.addressee_counts(user=supervisor_police)}
    assert (counts["mtn"].sent, counts["mtn"].open, counts["mtn"].overdue) == (3, 3, 2)
    assert counts["mtn"].oldest_overdue == oldest.deadline
    assert (counts["orange"].sent, counts["orange"].overdue) == (1, 1)

    client = personas.signed_in_client(supervisor_police)
    page = client.get(PAGE, {"addressee": "orange"}).content.decode()
    assert orange.reference in page
    assert oldest.reference not in page
    assert "<caption" in page


def test_the_list_goes_a_page_at_a_time_oldest_first(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    late = [
        _overdue(case, investigator_littoral, supervisor_police, "mtn", hours)
        for hours in range(overdue.PAGE_SIZE + 3, 0, -1)
    ]
    first = overdue.overdue_page(user=supervisor_police)
    assert [r.pk for r in first.requisitions] == [r.pk for r in late[: overdue.PAGE_SIZE]]
    assert first.next_cursor
    second = overdue.overdue_page(user=supervisor_police, after=first.next_cursor)
    assert [r.pk for r in second.requisitions] == [r.pk for r in late[overdue.PAGE_SIZE :]]
    assert second.next_cursor == ""

    client = personas.signed_in_client(supervisor_police)
    response = client.get(PAGE, {"after": first.next_cursor})
    assert response.status_code == 200
    assert late[-1].reference in response.content.decode()


def test_a_bad_page_address_is_a_400_that_starts_from_the_top(supervisor_police: User) -> None:
    response = personas.signed_in_client(supervisor_police).get(PAGE, {"after": "not-a-cursor"})
    assert response.status_code == 400
    assert "starts again from the top" in response.content.decode()


def test_a_supervisor_elsewhere_sees_nothing_of_it(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    from tests.requisitions.conftest import staff_member

    late = _overdue(case, investigator_littoral, supervisor_police, "mtn", 3)
    gendarmerie = staff_member("chief-sed", "sed-cyber-no", "supervisor")
    assert overdue.addressee_counts(user=gendarmerie) == []
    page = personas.signed_in_client(gendarmerie).get(PAGE).content.decode()
    assert late.reference not in page
