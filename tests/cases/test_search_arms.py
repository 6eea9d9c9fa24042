"""Need-to-know taken arm by arm (routed, informed, in a visible case) for a reader who sees a
small part of the reports: the arms hold together exactly what the gate lets through, and a
search read through them finds the same reports."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases import access
from vigilance.cases.models import CaseShare
from vigilance.cases.selectors import search_density
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

NARRATIVE = "Un escroc a vidé mon compte de tontine après un faux appel."
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _filed(region: str = "CE") -> Report:
    draft = report_draft(region=region, description=NARRATIVE, identifiers=[])
    return services.report_submit(draft=draft, channel="web").report


def _routed(triage_officer: User, unit: str, region: str = "CE") -> Report:
    target = Unit.objects.get(code=unit)
    return staff.report_route(report=_filed(region), unit=target, actor=triage_officer)


@pytest.fixture
def reports(
    triage_officer: User, investigator_centre: User, investigator_littoral: User
) -> dict[str, Report]:
    """A report of each way the investigator of the Centre may or may not see one."""
    centre = Unit.objects.get(code="dgsn-cyber-ce")
    informed = _routed(triage_officer, "dgsn-cyber-lt", "LT")
    informed.informed_units.add(centre)
    shared = _routed(triage_officer, "dgsn-cyber-lt", "LT")
    case = lifecycle.case_open(report=shared, actor=investigator_littoral, title="Tontine")
    CaseShare.objects.create(
        case=case,
        user=investigator_centre,
        reason="Enquête commune",
        expires_at=timezone.now() + dt.timedelta(days=1),
        created_by=investigator_littoral,
    )
    return {
        "routed": _routed(triage_officer, "dgsn-cyber-ce"),
        "informed": informed,
        "shared": shared,
        "elsewhere": _routed(triage_officer, "dgsn-cyber-lt", "LT"),
        "received": _filed(),
    }


def test_the_arms_hold_together_exactly_what_the_gate_lets_through(
    reports: dict[str, Report],
    investigator_centre: User,
    investigator_littoral: User,
    supervisor_police: User,
    triage_officer: User,
    mtn_responder: User,
) -> None:
    for user in (
        investigator_centre,
        investigator_littoral,
        supervisor_police,
        triage_officer,
        mtn_responder,
    ):
        reader = access.reader_resolve(user)
        through_arms = set().union(
            *(set(arm.values_list("pk", flat=True)) for arm in access.reports_visible_arms(reader))
        )
        gate = set(access.reports_visible_to(user, reader).values_list("pk", flat=True))
        assert through_arms == gate, user.username
    centre = access.reader_resolve(investigator_centre)
    seen = set().union(
        *(set(arm.values_list("pk", flat=True)) for arm in access.reports_visible_arms(centre))
    )
    expected = {reports[way].pk for way in ("routed", "informed", "shared")}
    assert seen & {report.pk for report in reports.values()} == expected


@on_postgresql
@pytest.mark.parametrize("common", [False, True])
def test_a_reader_who_sees_a_small_part_finds_through_the_arms_what_the_gate_allows(
    reports: dict[str, Report],
    investigator_centre: User,
    monkeypatch: pytest.MonkeyPatch,
    common: bool,
) -> None:
    # Every reader of a unit counts as one who sees a small part; the words are taken bounded,
    # or (common) newest first from the date order.
    monkeypatch.setattr(search_density, "SMALL_PART", 1.0)
    monkeypatch.setattr(search_density, "DATE_WALK_ROWS", 10**12 if common else 0)
    client = personas.signed_in_client(investigator_centre)
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(reverse("cases:search"), {"q": "tontine", "kind": "reports"})
    assert answer.status_code == 200
    page = answer.content.decode()
    for way in ("routed", "informed", "shared"):
        assert reports[way].reference in page, way
    for way in ("elsewhere", "received"):
        assert reports[way].reference not in page, way
    assert "3 reports match." in page
    assert any(" UNION " in query["sql"] for query in captured.captured_queries)
