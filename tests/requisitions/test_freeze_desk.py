"""The golden hour on the pages: a freeze proposed at triage is at the top of the issuer's desk
with the time left in words (French and English, no JavaScript), overdue ones marked; the staff
report page shows it to those who see the report, and nobody else sees it."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.personas import signed_in_client
from tests.requisitions.conftest import fraud_report
from tests.requisitions.test_freeze_proposals import route
from vigilance.accounts.models import User
from vigilance.requisitions.models import FreezeRequest
from vigilance.requisitions.templatetags.money_trail import duration_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(triage_officer: User, django_capture_on_commit_callbacks: Any) -> FreezeRequest:
    freeze = route(fraud_report(), triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    return freeze


def due_in(freeze: FreezeRequest, delta: dt.timedelta) -> None:
    FreezeRequest.objects.filter(pk=freeze.pk).update(deadline=timezone.now() + delta)


def test_the_desk_shows_the_time_left_in_the_responders_language(
    proposed: FreezeRequest, momo_responder: User, mtn_responder: User
) -> None:
    due_in(proposed, dt.timedelta(hours=2, minutes=14, seconds=40))
    client = signed_in_client(momo_responder)
    english = client.get("/en/staff/desk/").content.decode()
    assert proposed.reference in english
    assert "2 h 14 min left" in english
    # Freezes come first, before the requisitions.
    assert english.index(proposed.reference) < english.index("Requisitions addressed to")
    french = client.get("/fr/staff/desk/").content.decode()
    assert "il reste 2\u00a0h\u00a014\u00a0min" in french
    # MTN's telecom desk is another organisation: nothing of it.
    assert (
        proposed.reference
        not in signed_in_client(mtn_responder).get("/en/staff/desk/").content.decode()
    )


def test_an_overdue_freeze_is_marked_on_the_desk(
    proposed: FreezeRequest, momo_responder: User
) -> None:
    due_in(proposed, -dt.timedelta(minutes=25, seconds=10))
    page = signed_in_client(momo_responder).get("/en/staff/desk/").content.decode()
    assert "Overdue by 25 min" in page
    assert 'class="freeze-overdue-row"' in page
    french = signed_in_client(momo_responder).get("/fr/staff/desk/").content.decode()
    assert "En retard de 25\u00a0min" in french


def test_the_report_page_shows_its_freeze_to_those_who_see_the_report(
    proposed: FreezeRequest,
    investigator_littoral: User,
    investigator_centre: User,
    momo_responder: User,
) -> None:
    page = f"/en/staff/reports/{proposed.report.public_id}/"
    shown = signed_in_client(investigator_littoral).get(page).content.decode()
    assert proposed.reference in shown
    assert "h 59 min left" in shown or "4 h 00 min left" in shown
    assert signed_in_client(investigator_centre).get(page).status_code == 404
    detail = f"/en/staff/freezes/{proposed.public_id}/"
    assert signed_in_client(investigator_centre).get(detail).status_code == 404
    seen = signed_in_client(momo_responder).get(detail).content.decode()
    # The issuer reads the freeze, not the report behind it.
    assert proposed.report.reference not in seen
    assert "John Ebai" not in seen


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (dt.timedelta(hours=2, minutes=14, seconds=59), "2 h 14 min"),
        (dt.timedelta(minutes=9), "9 min"),
        (dt.timedelta(seconds=20), "less than a minute"),
        (dt.timedelta(days=1, hours=3, minutes=5), "1 d 3 h"),
        (-dt.timedelta(hours=1, minutes=2), "1 h 02 min"),
    ],
)
def test_durations_in_words(delta: dt.timedelta, words: str) -> None:
    assert duration_words(delta) == words
