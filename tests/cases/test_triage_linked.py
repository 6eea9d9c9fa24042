"""The triage queue's "linked reports": other reports the reader may see that name one of a
report's identifiers. The coordination centre sees every report and reads the platform's
count; a triage officer elsewhere never counts a report they may not see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import personas
from tests.cases.test_cluster_selector import NORTH, report_naming
from tests.factories import report_draft
from vigilance.accounts import services as accounts
from vigilance.accounts.models import Role, Unit, User
from vigilance.cases.selectors.triage import triage_queue
from vigilance.intake import services
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

PHONE = "6 99 00 00 31"


@pytest.fixture
def triage_north() -> User:
    """A triage officer of the gendarmerie's North unit, outside the coordination centre."""
    unit = Unit.objects.select_related("organisation").get(code=NORTH)
    user = accounts.user_create_staff(
        username="triage_north",
        email="triage_north@example.cm",
        password=personas.PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit, user.roles = unit.organisation, unit, [Role.TRIAGE_OFFICER]
    user.save()
    return user


@pytest.fixture
def waiting(triage_officer: User) -> Report:
    """A report waiting for triage, the North informed of it, naming PHONE as three Centre
    reports and one North report do."""
    draft = report_draft(identifiers=[services.IdentifierInput(type="phone", value=PHONE)])
    report = services.report_submit(draft=draft, channel="web").report
    report.informed_units.add(Unit.objects.get(code=NORTH))
    for _ in range(3):
        report_naming(triage_officer, PHONE)
    report_naming(triage_officer, PHONE, unit=NORTH)
    return report


def _linked(user: User, report: Report) -> str:
    rows = triage_queue(user=user).rows
    return str(next(row.linked for row in rows if row.report.pk == report.pk))


def test_a_triage_officer_outside_the_centre_counts_only_the_reports_they_may_see(
    triage_officer: User, triage_north: User, waiting: Report
) -> None:
    assert _linked(triage_officer, waiting) == "4"
    assert _linked(triage_north, waiting) == "1"
    page = personas.signed_in_client(triage_north).get("/en/staff/triage/")
    assert page.status_code == 200
    api = personas.signed_in_client(triage_north).get("/api/v1/triage")
    row = next(item for item in api.json()["items"] if item["reference"] == waiting.reference)
    assert row["shared_reports"] == 1


def test_the_centres_counts_cost_no_need_to_know_check(
    triage_officer: User, waiting: Report
) -> None:
    with CaptureQueriesContext(connection) as queries:
        triage_queue(user=triage_officer)

    sql = [query["sql"].replace('"', "") for query in queries.captured_queries]
    assert sql, "the queue was read"
    assert not [q for q in sql if "FROM intake_report_informed_units" in q]
    assert not [q for q in sql if "FROM cases_casereport" in q]
