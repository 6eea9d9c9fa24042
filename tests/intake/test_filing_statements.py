"""What a filing sends the database: how many statements, and that the ones written by hand
store what the ORM stores."""

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import report_draft, report_payload
from vigilance.audit.append import chain_forget
from vigilance.intake import services, tracking
from vigilance.intake.identifier_reports import (
    identifier_reports_add,
    reports_naming,
    sightings_save,
)
from vigilance.intake.models import (
    Channel,
    IdentifierReports,
    ReferenceCounter,
    Report,
    ReportEvent,
    Sighting,
)

pytestmark = pytest.mark.django_db

# Statements of a filing naming three identifiers with a money loss, its transaction included
# (a savepoint here, since each test runs in a transaction of its own).
STATEMENTS = {
    # begin, the rules' version, the reports per identifier, the reporter's earlier namings,
    # the indicators, the number with the report and its event, the sightings with their
    # reports per identifier, the audit event, the end.
    "postgresql": 9,
    # SQLite keeps the ORM's paths: the report and its event apart, the indicators read,
    # inserted and updated one by one, the reports per identifier read, inserted and rewritten,
    # the audit head read before it is moved.
    "sqlite": 23,
}


def test_a_filing_through_the_api_sends_its_known_statements(client: Client) -> None:
    # The audit writer's guess of the head, stale after an earlier test's rollback, is dropped:
    # the first filing takes the head, the second one writes after the head it knows.
    chain_forget()
    client.post("/api/v1/reports", report_payload(), content_type="application/json")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/reports",
            report_payload(
                suspects=[
                    {"type": "phone", "value": "6 99 88 77 01"},
                    {"type": "momo_account", "value": "+237650112201"},
                    {"type": "email", "value": "autre.agent@example.com"},
                ]
            ),
            content_type="application/json",
        )

    assert response.status_code == 201
    assert len(queries) == STATEMENTS[connection.vendor], "\n".join(
        query["sql"][:120] for query in queries.captured_queries
    )


def _stored(row: Any, *, leave_out: tuple[str, ...]) -> dict[str, Any]:
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.attname not in leave_out
    }


def test_the_report_and_its_event_are_stored_as_the_orm_stores_them() -> None:
    by_hand = services.report_submit(draft=report_draft(), channel=Channel.WEB).report
    by_orm = Report.objects.get(pk=by_hand.pk)
    by_orm.pk = None
    by_orm.reference = "VIG-1999-000001"
    by_orm._state.adding = True
    by_orm.public_id = Report._meta.get_field("public_id").get_default()
    by_orm.save(force_insert=True)
    ReportEvent.objects.create(report=by_orm, kind=ReportEvent.Kind.SUBMITTED)

    varying = ("id", "reference", "public_id", "submitted_at", "report_id", "created_at")
    written = Report.objects.get(pk=by_hand.pk)
    assert _stored(written, leave_out=varying) == _stored(
        Report.objects.get(pk=by_orm.pk), leave_out=varying
    )
    assert _stored(written, leave_out=varying) == _stored(by_hand, leave_out=varying)
    assert not by_hand._state.adding
    assert written.submitted_at == by_hand.submitted_at
    event = ReportEvent.objects.get(report=written)
    assert _stored(event, leave_out=varying) == _stored(
        ReportEvent.objects.get(report=by_orm), leave_out=varying
    )


def _sightings(report: Report, values: list[str]) -> list[Sighting]:
    return [
        Sighting(report=report, type="phone", value=value, raw_value=value, reporter_key="k")
        for value in values
    ]


def test_sightings_saved_in_one_statement_keep_what_the_orm_keeps() -> None:
    first = services.report_submit(draft=report_draft(), channel=Channel.WEB).report
    second = services.report_submit(draft=report_draft(), channel=Channel.WEB).report
    values = ["+237677000001", "+237677000002"]

    saved = sightings_save(_sightings(first, values) + _sightings(second, values[:1]))
    by_orm = Sighting.objects.bulk_create(_sightings(second, ["+237677000003"]))
    identifier_reports_add(by_orm)

    assert [s.pk for s in saved] == list(
        Sighting.objects.filter(pk__in=[s.pk for s in saved])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert {s.pk: (s.report_id, s.value) for s in saved} == dict(
        (pk, (report_id, value))
        for pk, report_id, value in Sighting.objects.filter(
            pk__in=[s.pk for s in saved]
        ).values_list("pk", "report_id", "value")
    )
    kept = dict(
        IdentifierReports.objects.filter(value__startswith="+23767700000").values_list(
            "value", "report_ids"
        )
    )
    assert kept == {
        "+237677000001": sorted([first.pk, second.pk]),
        "+237677000002": [first.pk],
        "+237677000003": [second.pk],
    }


def test_the_reports_naming_identifiers_are_read_as_the_orm_reads_them() -> None:
    submitted = [
        services.report_submit(draft=report_draft(), channel=Channel.WEB).report for _ in range(2)
    ]
    asked = {
        (kind, value)
        for kind, value in Sighting.objects.filter(report__in=submitted).values_list(
            "type", "value"
        )
    } | {("phone", "+237600000000")}

    naming = reports_naming(asked)

    assert naming == {
        (row.type, row.value): row.report_ids
        for row in IdentifierReports.objects.all()
        if (row.type, row.value) in asked
    }
    assert ("phone", "+237600000000") not in naming
    assert reports_naming(set()) == {}


@pytest.mark.parametrize("last", [0, 41, 999_999, 1_234_566])
def test_the_reference_made_with_the_report_is_the_one_tracking_formats(last: int) -> None:
    year = timezone.now().year
    ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})

    report = services.report_submit(draft=report_draft(), channel=Channel.WEB).report

    assert report.reference == tracking.format_reference(year, last + 1)
    assert Report.objects.get(pk=report.pk).reference == report.reference
    assert tracking.normalise_reference(report.reference) == report.reference


@transaction.atomic
def _filed_then_failed() -> None:
    services.report_submit(draft=report_draft(), channel=Channel.WEB)
    raise RuntimeError("the commit failed")


def test_a_filing_rolled_back_after_its_number_leaves_no_gap() -> None:
    first = services.report_submit(draft=report_draft(), channel=Channel.WEB).report
    with pytest.raises(RuntimeError):
        _filed_then_failed()

    second = services.report_submit(draft=report_draft(), channel=Channel.WEB).report

    assert int(second.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1
