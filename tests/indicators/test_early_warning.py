"""Early warnings: values the public checks often that no reporter has named, from the tallies
of the public check only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import personas
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.indicators.models import Indicator, LookupTally
from vigilance.indicators.selectors import early_warnings

pytestmark = pytest.mark.django_db

PAGE = "/en/staff/indicators/early-warnings/"


def tally(value: str, count: int, days_ago: int = 0, type: str = "phone") -> None:
    LookupTally.objects.create(
        day=timezone.localdate() - dt.timedelta(days=days_ago), type=type, value=value, count=count
    )


def test_values_checked_often_and_never_reported_are_listed_most_checked_first() -> None:
    tally("+237699000001", 15, days_ago=0)
    tally("+237699000001", 10, days_ago=3)
    tally("+237699000002", 40)
    tally("+237699000003", 5)

    found = early_warnings(days=7, threshold=20)

    assert [(w.value, w.lookups) for w in found] == [("+237699000002", 40), ("+237699000001", 25)]


def test_old_checks_do_not_count() -> None:
    tally("+237699000001", 15, days_ago=0)
    tally("+237699000001", 50, days_ago=30)

    assert early_warnings(days=7, threshold=20) == []


def test_a_value_named_by_a_reporter_is_not_an_early_warning() -> None:
    tally("+237699000001", 50)
    tally("+237699000002", 50)
    Indicator.objects.create(type="phone", value="+237699000001", reporter_count=1)
    silent = Indicator.objects.create(type="phone", value="+237699000002", reporter_count=0)

    found = early_warnings(days=7, threshold=20)

    assert [(w.value, w.indicator_id) for w in found] == [("+237699000002", silent.pk)]


def test_the_list_is_limited() -> None:
    for number in range(5):
        tally(f"+23769900000{number}", 30)

    assert len(early_warnings(days=7, threshold=20, limit=3)) == 3


def test_an_analyst_follows_a_value_from_the_page(cirt_analyst: User) -> None:
    tally("+237677000007", 60)
    client = personas.signed_in_client(cirt_analyst)
    assert "+237 6 77 00 00 07" in client.get(PAGE).content.decode()

    response = client.post(f"{PAGE}follow/", {"type": "phone", "value": "+237677000007"})

    created = Indicator.objects.get(type="phone", value="+237677000007")
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/indicators/{created.pk}/"
    assert created.provider == "MTN"
    assert AuditEvent.objects.filter(action="indicator.created", object_id=str(created.pk)).exists()


def test_a_partner_cannot_follow_a_value(mtn_responder: User) -> None:
    response = personas.signed_in_client(mtn_responder).post(
        f"{PAGE}follow/", {"type": "phone", "value": "+237699000007"}
    )

    assert response.status_code == 404
    assert not Indicator.objects.exists()
