"""Statistics of requisitions and freezes: counts and response times per addressee and kind over
the sent dates asked, scoped like the cases (national for the coordination centre), on a page
and as JSON, with bad dates refused in the reader's language."""

import datetime as dt
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from tests import personas
from tests.requisitions.conftest import draft, staff_member
from vigilance.accounts.models import Organisation, User
from vigilance.cases.models import Case
from vigilance.requisitions.models import FreezeRequest, Requisition, RequisitionStatus
from vigilance.requisitions.selectors import stats
from vigilance.requisitions.services import freezes as freeze_services
from vigilance.requisitions.services import workflow

pytestmark = pytest.mark.django_db

API = "/api/v1/requisitions/statistics"


def _sent(case: Case, investigator: User, supervisor: User, **kwargs: Any) -> Requisition:
    return workflow.requisition_approve(
        actor=supervisor, requisition=draft(case, investigator, **kwargs)
    )


def _settle(requisition: Requisition, *, hours: float, status: str = "answered") -> None:
    """Answered (or refused) ``hours`` after it was sent."""
    assert requisition.sent_at is not None
    Requisition.objects.filter(pk=requisition.pk).update(
        status=status, closed_at=requisition.sent_at + dt.timedelta(hours=hours)
    )


@pytest.fixture
def history(case: Case, investigator_littoral: User, supervisor_police: User) -> list[Requisition]:
    """Six requisitions to MTN (subscriber identity, 72 h to answer): answered after 1, 2, 3 and
    100 hours, one refused, one still open and overdue; one to Orange still open in time."""
    mtn = [_sent(case, investigator_littoral, supervisor_police) for _ in range(6)]
    for requisition, hours in zip(mtn, (1, 2, 3, 100), strict=False):
        _settle(requisition, hours=hours)
    _settle(mtn[4], hours=5, status=RequisitionStatus.REFUSED)
    Requisition.objects.filter(pk=mtn[5].pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    orange = _sent(case, investigator_littoral, supervisor_police, addressee="orange")
    return [*mtn, orange]


def _today_range() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=1), today + dt.timedelta(days=1)


def test_counts_and_response_times_per_addressee_and_kind(
    history: list[Requisition], supervisor_police: User
) -> None:
    start, end = _today_range()
    rows = stats.requisition_rows(user=supervisor_police, date_from=start, date_to=end)
    by_addressee = {row.addressee_code: row for row in rows}
    mtn = by_addressee["mtn"]
    assert (mtn.kind, mtn.sent, mtn.answered_in_time, mtn.answered_late) == (
        "subscriber_identity",
        6,
        3,
        1,
    )
    assert (mtn.refused, mtn.still_open, mtn.overdue) == (1, 1, 1)
    # Answered after 1, 2, 3 and 100 hours: percentile_cont gives 2.5 and 70.9.
    assert (mtn.median_hours, mtn.p90_hours) == (2.5, 70.9)
    orange = by_addressee["orange"]
    assert (orange.sent, orange.still_open, orange.overdue, orange.median_hours) == (
        1,
        1,
        0,
        None,
    )


def test_the_date_range_is_of_the_sent_dates(
    history: list[Requisition], supervisor_police: User
) -> None:
    past = timezone.localdate() - dt.timedelta(days=40)
    assert (
        stats.requisition_rows(
            user=supervisor_police, date_from=past, date_to=past + dt.timedelta(days=10)
        )
        == []
    )


def test_a_supervisor_elsewhere_sees_none_and_the_coordination_centre_the_country(
    history: list[Requisition],
) -> None:
    start, end = _today_range()
    gendarmerie = staff_member("chief-sed", "sed-cyber-no", "supervisor")
    assert stats.requisition_rows(user=gendarmerie, date_from=start, date_to=end) == []
    national = staff_member("chief-coord", "coord-supervision", "supervisor")
    assert stats.is_national(national)
    rows = stats.requisition_rows(user=national, date_from=start, date_to=end)
    assert sum(row.sent for row in rows) == 7


def test_freezes_per_issuer_with_amounts_and_median_time_to_answer(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User
) -> None:
    freezes = [
        freeze_services.freeze_request_create(
            actor=investigator_littoral,
            case=case,
            issuer=Organisation.objects.get(code="mtn"),
            account="677 12 34 56",
            amount_asked=amount,
        )
        for amount in (50_000, 80_000, 20_000)
    ]
    freeze_services.freeze_answer(
        actor=mtn_responder, freeze=freezes[0], outcome="held", amount=40_000
    )
    freeze_services.freeze_answer(
        actor=mtn_responder, freeze=freezes[1], outcome="insufficient_funds"
    )
    for freeze, hours in zip(freezes[:2], (1, 3), strict=True):
        assert freeze.sent_at is not None
        FreezeRequest.objects.filter(pk=freeze.pk).update(
            answered_at=freeze.sent_at + dt.timedelta(hours=hours)
        )
    start, end = _today_range()
    (row,) = stats.freeze_rows(user=supervisor_police, date_from=start, date_to=end)
    assert (row.issuer_code, row.asked, row.held) == ("mtn", 3, 1)
    assert (row.amount_asked, row.amount_held, row.amount_returned) == (150_000, 40_000, 0)
    assert row.median_answer_hours == 2.0


def test_the_page_shows_accessible_tables_to_a_supervisor(
    history: list[Requisition], supervisor_police: User
) -> None:
    start, end = _today_range()
    response = personas.signed_in_client(supervisor_police).get(
        "/en/staff/requisitions/statistics/", {"from": start.isoformat(), "to": end.isoformat()}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption" in page
    assert 'scope="row"' in page
    assert "MTN Cameroon" in page
    assert "70.9" in page


def test_the_page_refuses_bad_dates_in_the_readers_language(supervisor_police: User) -> None:
    client = personas.signed_in_client(supervisor_police)
    response = client.get(
        "/fr/staff/requisitions/statistics/", {"from": "2026-05-10", "to": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "Le dernier jour vient après le premier" in response.content.decode()
    response = client.get("/en/staff/requisitions/statistics/", {"from": "yesterday"})
    assert response.status_code == 400
    assert "Give the first day as a date" in response.content.decode()


@pytest.mark.parametrize("name", ["investigator_littoral", "mtn_responder", "auditor"])
def test_who_is_not_a_supervisor_gets_404(request: pytest.FixtureRequest, name: str) -> None:
    client = personas.signed_in_client(request.getfixturevalue(name))
    assert client.get("/en/staff/requisitions/statistics/").status_code == 404
    assert client.get(API).status_code in (401, 404)


def _get(url: str, cookie: str, language: str = "en") -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 — the test server
        url, headers={"Cookie": cookie, "Accept-Language": language}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_json_endpoint_over_http(
    live_server: Any, history: list[Requisition], supervisor_police: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    start, end = _today_range()
    status, body = _get(f"{live_server.url}{API}?from={start}&to={end}", cookie)
    assert status == 200
    assert body["date_from"] == start.isoformat()
    assert body["is_national"] is False
    mtn = next(row for row in body["requisitions"] if row["addressee_code"] == "mtn")
    assert (mtn["sent"], mtn["answered_late"], mtn["median_hours"]) == (6, 1, 2.5)

    status, body = _get(f"{live_server.url}{API}?from=2026-13-01", cookie, language="fr")
    assert status == 400
    assert body["error"]["fields"]["from"] == [
        "Donnez le premier jour sous forme de date, par ex. 2026-01-31."
    ]

    status, body = _get(f"{live_server.url}{API}", "")
    assert status == 401
