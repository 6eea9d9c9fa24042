"""The demonstration takedowns and requests abroad: one in each state, on the open cases."""

import pytest

from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.requisitions.demo_takedowns import seed_takedowns_and_abroad
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.models_takedown import TakedownRequest

pytestmark = pytest.mark.django_db


def test_the_demo_shows_takedowns_and_requests_abroad_in_every_state(
    case: Case, supervisor_police: User, orange_responder: User, mtn_responder: User
) -> None:
    seeded = seed_takedowns_and_abroad(supervisor_username=supervisor_police.username)

    assert (seeded.takedowns, seeded.foreign_requests) == (5, 6)
    assert set(TakedownRequest.objects.values_list("status", flat=True)) == {
        "awaiting_approval",
        "sent",
        "acknowledged",
        "done",
        "refused",
    }
    assert set(ForeignRequest.objects.values_list("status", flat=True)) == {
        "awaiting_approval",
        "sent",
        "acknowledged",
        "answered",
        "refused",
        "no_answer",
    }


def test_the_demo_adds_nothing_without_cases(supervisor_police: User) -> None:
    seeded = seed_takedowns_and_abroad(supervisor_username=supervisor_police.username)
    assert (seeded.takedowns, seeded.foreign_requests) == (0, 0)
