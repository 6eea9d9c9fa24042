"""The partner desk and the overdue list by pages: the open requisitions a page at a time, the
latest answers below them, a page number that is not one answered with the first page, and the
freezes still in time before the late ones."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import personas
from tests.requisitions.conftest import draft
from vigilance.accounts.models import Organisation, User
from vigilance.cases.models import Case
from vigilance.requisitions.models import FreezeRequest, Requisition
from vigilance.requisitions.selectors import freezes as freeze_selectors
from vigilance.requisitions.selectors import requisition as selectors
from vigilance.requisitions.services import freezes, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_sent(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> list[Requisition]:
    return [
        workflow.requisition_approve(
            actor=supervisor_police, requisition=draft(case, investigator_littoral)
        )
        for _n in range(3)
    ]


def test_the_desk_shows_a_page_of_open_requisitions_and_links_the_next(
    three_sent: list[Requisition], mtn_responder: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    client = personas.signed_in_client(mtn_responder)
    first = client.get("/en/staff/desk/").content.decode()
    second = client.get("/en/staff/desk/?page=2").content.decode()
    shown_first = [r.reference for r in three_sent if r.reference in first]
    shown_second = [r.reference for r in three_sent if r.reference in second]
    assert len(shown_first) == 2
    assert len(shown_second) == 1
    assert not set(shown_first) & set(shown_second)
    assert 'href="?page=2"' in first
    assert 'href="?page=1"' in second
    assert 'href="?page=3"' not in second


def test_answered_requisitions_leave_the_open_list_for_the_latest_answers(
    three_sent: list[Requisition], mtn_responder: User
) -> None:
    answered = workflow.requisition_answer(
        actor=mtn_responder, requisition=three_sent[0], text="Titulaire : Paul Nkodo."
    )
    assert answered not in selectors.desk_list(user=mtn_responder)
    assert selectors.desk_recently_closed(user=mtn_responder) == [answered]
    page = personas.signed_in_client(mtn_responder).get("/en/staff/desk/").content.decode()
    assert "Recently answered or refused" in page
    assert answered.reference in page


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999", "1.5"])
def test_a_page_number_that_is_not_one_shows_the_first_page(
    three_sent: list[Requisition], mtn_responder: User, supervisor_police: User, page: str
) -> None:
    desk = personas.signed_in_client(mtn_responder).get(f"/en/staff/desk/?page={page}")
    assert desk.status_code == 200
    assert three_sent[0].reference in desk.content.decode()
    overdue = personas.signed_in_client(supervisor_police).get(
        f"/en/staff/requisitions/overdue/?page={page}"
    )
    assert overdue.status_code == 200


def test_the_overdue_list_goes_by_pages_oldest_deadline_first(
    three_sent: list[Requisition], supervisor_police: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    for hours, requisition in enumerate(three_sent, start=1):
        Requisition.objects.filter(pk=requisition.pk).update(
            deadline=now - dt.timedelta(hours=hours)
        )
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    first = selectors.page_of(selectors.overdue_list(user=supervisor_police), number=1)
    second = selectors.page_of(selectors.overdue_list(user=supervisor_police), number=2)
    assert first.items == [three_sent[2], three_sent[1]]
    assert first.has_next
    assert second.items == [three_sent[0]]
    assert not second.has_next
    assert second.has_previous


def test_the_desk_shows_freezes_still_in_time_first_then_the_latest_late_ones(
    case: Case, investigator_littoral: User, mtn_responder: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = [
        freezes.freeze_request_create(
            actor=investigator_littoral,
            case=case,
            issuer=Organisation.objects.get(code="mtn"),
            account=f"677 55 44 3{n}",
            amount_asked=10_000,
        )
        for n in range(4)
    ]
    now = timezone.now()
    for freeze, hours in zip(asked, (-30, -2, 3, 1), strict=True):
        FreezeRequest.objects.filter(pk=freeze.pk).update(deadline=now + dt.timedelta(hours=hours))
    assert freeze_selectors.freezes_for_desk(user=mtn_responder) == [
        asked[3],
        asked[2],
        asked[1],
        asked[0],
    ]
    monkeypatch.setattr(freeze_selectors, "FREEZE_DESK_MAX", 3)
    assert freeze_selectors.freezes_for_desk(user=mtn_responder) == [asked[3], asked[2], asked[1]]
