"""The statements every filing runs are prepared by PostgreSQL once per connection; SQLite, and
a connection whose statements are recorded, run them as Django's cursor always did."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import report_payload
from vigilance.audit.append import chain_forget
from vigilance.core.prepared import prepared_execute

pytestmark = pytest.mark.django_db

# A fragment of each fixed statement of a filing, as PostgreSQL keeps its text.
FILING_STATEMENTS = {
    "the rules' version": "FROM directory_routingrule",
    "the report and its event": "INSERT INTO intake_referencecounter",
    "the sightings": "INSERT INTO intake_sighting",
    "the indicators": "INSERT INTO indicators_indicator",
    "the audit event": "INSERT INTO audit_auditevent",
}


def prepared_count(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return int(cursor.fetchone()[0])


def suspects(index: int) -> list[dict[str, str]]:
    return [{"type": "phone", "value": f"6 99 88 70 {index:02d}"}]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_filings_fixed_statements_are_prepared_once_per_connection(client: Client) -> None:
    chain_forget()
    for index in range(3):
        response = client.post(
            "/api/v1/reports",
            report_payload(suspects=suspects(index)),
            content_type="application/json",
        )
        assert response.status_code == 201

    counts = {name: prepared_count(fragment) for name, fragment in FILING_STATEMENTS.items()}
    # One each, whatever the connection ran before: the same statement is never prepared twice.
    assert counts["the report and its event"] == 1
    assert counts["the sightings"] == 1
    assert counts["the rules' version"] == 1
    assert counts["the indicators"] >= 1
    assert counts["the audit event"] >= 1


def test_recorded_statements_go_through_djangos_cursor_and_return_rows() -> None:
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        prepared_execute(cursor, "SELECT %s + %s", [20, 22])
        row = cursor.fetchone()

    assert row == (42,)
    assert [query["sql"] for query in queries.captured_queries] == ["SELECT 20 + 22"]


def test_unrecorded_statements_return_their_rows_on_every_engine() -> None:
    with connection.cursor() as cursor:
        for value in (1, 2):
            prepared_execute(cursor, "SELECT %s * 2", [value])
            assert cursor.fetchone() == (value * 2,)
