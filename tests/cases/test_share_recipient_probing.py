"""A case owner cannot learn through sharing whether an account exists: a missing username, a
disabled staff member and an account that may not read cases (an operator's responder) all get
the same answer, on the API and on the page, and no share is made."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseShare
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db

NOT_SHARED_WITH = ["nobody_by_this_name", "disabled_investigator", "mtn_responder"]


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(draft=report_draft(), channel="web").report
    report = staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


@pytest.fixture(autouse=True)
def accounts() -> None:
    disabled = personas.persona("investigator_centre")
    disabled.username = "disabled_investigator"
    disabled.is_active = False
    disabled.save()
    personas.persona("mtn_responder")
    personas.persona("gendarme_north")


def _api_share(case: Case, owner: User, username: str) -> tuple[int, dict[str, object]]:
    answer = personas.signed_in_client(owner).post(
        f"/api/v1/cases/{case.public_id}/shares",
        {
            "user": username,
            "reason": "Suspect in Garoua",
            "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
        },
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    return answer.status_code, answer.json()


def test_the_api_gives_one_answer_for_every_account_that_cannot_receive_a_share(
    case: Case, investigator_littoral: User
) -> None:
    answers = [_api_share(case, investigator_littoral, name) for name in NOT_SHARED_WITH]

    assert answers[0][0] == 409
    assert answers[0] == answers[1] == answers[2]
    assert not CaseShare.objects.exists()
    assert _api_share(case, investigator_littoral, "gendarme_north")[0] == 201


def _page_error(case: Case, owner: User, username: str) -> tuple[int, str]:
    url = reverse("cases:case_action", kwargs={"case_id": case.public_id, "action": "share"})
    answer = personas.signed_in_client(owner).post(
        url,
        {
            "share-person": username,
            "share-reason": "Suspect in Garoua",
            "share-expires_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        },
        headers={"accept-language": "en"},
    )
    page = answer.content.decode()
    marker = "No active staff member who may read cases has this username."
    return answer.status_code, marker if marker in page else page


def test_the_page_gives_one_answer_for_every_account_that_cannot_receive_a_share(
    case: Case, investigator_littoral: User
) -> None:
    answers = [_page_error(case, investigator_littoral, name) for name in NOT_SHARED_WITH]

    assert answers[0] == (400, "No active staff member who may read cases has this username.")
    assert answers[0] == answers[1] == answers[2]
    assert not CaseShare.objects.exists()
