"""The case list at national scale: the units offered as a filter are found by one probe per
unit (never by reading every case the reader sees), exactly as the need-to-know gate allows;
on PostgreSQL the page walks an index in the list's order and stops at its LIMIT."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseShare, CaseStatus
from vigilance.cases.selectors.case import case_list_for_user
from vigilance.cases.selectors.filters import filter_units_for_user

pytestmark = pytest.mark.django_db


def _cases(unit_code: str, count: int, opened_by: User, **changes: Any) -> list[Case]:
    unit = Unit.objects.get(code=unit_code)
    start = Case.objects.count()
    return [
        Case.objects.create(
            number=f"CAS-2026-{start + n:06d}",
            title=f"Case {start + n}",
            owning_unit=unit,
            opened_by=opened_by,
            **changes,
        )
        for n in range(count)
    ]


def _many_cases(unit_code: str, count: int, opened_by: User) -> None:
    """Open cases in one statement: enough of them that the planner's choice is clear."""
    unit = Unit.objects.get(code=unit_code)
    start = Case.objects.count()
    Case.objects.bulk_create(
        Case(
            number=f"CAS-2026-{start + n:06d}",
            title=f"Case {start + n}",
            owning_unit=unit,
            opened_by=opened_by,
        )
        for n in range(count)
    )


def _codes(user: User) -> set[str]:
    return set(filter_units_for_user(user=user).values_list("code", flat=True))


def test_the_units_offered_are_the_own_unit_and_those_owning_a_case_the_reader_sees(
    supervisor_police: User, investigator_littoral: User, gendarme_north: User
) -> None:
    _cases("dgsn-cyber-lt", 3, investigator_littoral)
    _cases("dgsn-cyber-ce", 2, investigator_littoral)
    (unseen,) = _cases("sed-cyber-no", 1, gendarme_north)
    (shared, _other) = _cases("sed-cyber-es", 2, gendarme_north)
    CaseShare.objects.create(
        case=shared,
        unit=investigator_littoral.unit,
        reason="Same scam",
        created_by=gendarme_north,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )

    # Their own unit, and the unit of the case shared with it: never one they see nothing of.
    assert _codes(investigator_littoral) == {"dgsn-cyber-lt", "sed-cyber-es"}
    # A supervisor: their unit and the units below it that own a case, not those that own none.
    below = _codes(supervisor_police)
    assert {"dgsn-cyber", "dgsn-cyber-lt", "dgsn-cyber-ce"} == below
    assert unseen.owning_unit.code not in below


def test_finding_the_units_reads_at_most_one_case_per_unit(
    supervisor_police: User, investigator_littoral: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    _cases("dgsn-cyber-lt", 40, investigator_littoral)
    sql, params = filter_units_for_user(user=supervisor_police).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0][0]["Plan"]

    def case_reads(node: dict[str, Any]) -> list[float]:
        own = [node["Actual Rows"]] if node.get("Relation Name") == "cases_case" else []
        return own + [rows for child in node.get("Plans", []) for rows in case_reads(child)]

    reads = case_reads(plan)
    assert reads, plan
    assert max(reads) <= 1, plan


def _page_plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("who", "status", "index"),
    [
        ("investigator_littoral", "", "case_unit_newest"),
        ("coordination", CaseStatus.AWAITING_THIRD_PARTY, "case_status_newest"),
    ],
)
def test_a_page_of_a_unit_or_a_status_walks_its_index_in_the_list_order(
    who: str,
    status: str,
    index: str,
    investigator_littoral: User,
    request: pytest.FixtureRequest,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    _cases("dgsn-cyber-lt", 5, investigator_littoral, status=CaseStatus.AWAITING_THIRD_PARTY)
    _many_cases("dgsn-cyber-ce", 3000, investigator_littoral)
    reader = investigator_littoral
    if who == "coordination":  # sees every case
        reader = request.getfixturevalue("triage_officer")
    with CaptureQueriesContext(connection) as queries:
        listed = case_list_for_user(user=reader, status=status, per_page=2)
    assert len(listed.page.items) == 2
    page = next(q["sql"] for q in queries.captured_queries if "LIMIT 3" in q["sql"])
    plan = _page_plan(page, None)
    assert index in plan, plan
    assert "Sort" not in plan, plan
