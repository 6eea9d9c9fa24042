"""Triage services and the queue selector: ordering, filters, each action and each refusal."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Notification
from vigilance.cases.selectors.triage import triage_queue, unit_inbox
from vigilance.cases.services import lifecycle, triage
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.core.models import OffenceCategory
from vigilance.intake import services
from vigilance.intake.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def _submit(**changes: object) -> Report:
    return services.report_submit(draft=report_draft(**changes), channel="web").report


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def test_the_queue_puts_the_most_urgent_first_then_the_oldest(triage_officer: User) -> None:
    small = _submit(loss=services.LossInput(amount=Decimal("1000"), channel="cash"))
    big = _submit(loss=services.LossInput(amount=Decimal("90000000"), channel="bank_transfer"))
    later_small = _submit(loss=services.LossInput(amount=Decimal("1000"), channel="cash"))
    Report.objects.filter(pk=big.pk).update(priority=90)
    Report.objects.filter(pk__in=[small.pk, later_small.pk]).update(priority=10)

    rows = triage_queue(user=triage_officer).rows

    assert [row.report.reference for row in rows] == [
        big.reference,
        small.reference,
        later_small.reference,
    ]


def test_the_queue_filters_by_category_and_region(triage_officer: User) -> None:
    littoral = _submit(region="LT")
    centre = _submit(region="CE", category="phishing")

    by_region = triage_queue(user=triage_officer, region="CE").rows
    by_category = triage_queue(user=triage_officer, category="online_purchase_scam").rows

    assert [row.report.pk for row in by_region] == [centre.pk]
    assert [row.report.pk for row in by_category] == [littoral.pk]


def test_the_queue_pages_with_a_cursor_and_stops_at_the_end(triage_officer: User) -> None:
    reports = [_submit() for _ in range(5)]
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(priority=20)

    first = triage_queue(user=triage_officer, per_page=2)
    second = triage_queue(user=triage_officer, per_page=2, after=first.next_cursor)
    third = triage_queue(user=triage_officer, per_page=2, after=second.next_cursor)

    seen = [row.report.pk for page in (first, second, third) for row in page.rows]
    assert seen == [r.pk for r in reports]
    assert third.next_cursor == ""


def test_a_bad_cursor_is_refused_clearly(triage_officer: User) -> None:
    with pytest.raises(InvalidAction) as refused:
        triage_queue(user=triage_officer, after="not-a-cursor")
    assert "after" in refused.value.fields


def test_a_littoral_report_shows_the_unit_and_rule_that_matched(triage_officer: User) -> None:
    _submit(region="LT")

    row = triage_queue(user=triage_officer).rows[0]

    assert row.suggested_unit is not None
    assert row.suggested_unit.code == "dgsn-cyber-lt"
    assert row.rule_name


def test_the_queue_counts_other_reports_naming_the_same_identifier_in_few_queries(
    triage_officer: User,
) -> None:
    shared = [services.IdentifierInput(type="phone", value="6 99 88 77 66")]
    first = _submit(identifiers=shared)
    _submit(identifiers=shared)
    _submit(identifiers=shared)
    for _ in range(4):
        _submit(identifiers=[services.IdentifierInput(type="email", value="a@example.cm")])

    with CaptureQueriesContext(connection) as queries:
        rows = {row.report.pk: row for row in triage_queue(user=triage_officer).rows}

    assert rows[first.pk].shared_reports == 2
    assert len(queries) <= 4


def test_the_queue_shows_only_reports_waiting_for_triage(
    triage_officer: User, investigator_centre: User
) -> None:
    waiting = _submit()
    routed = _submit()
    triage.triage_route(report=routed, unit=_unit("dgsn-cyber-ce"), actor=triage_officer)

    assert [row.report.pk for row in triage_queue(user=triage_officer).rows] == [waiting.pk]
    assert [r.pk for r in unit_inbox(user=investigator_centre)] == [routed.pk]


def test_routing_moves_the_report_audits_it_and_tells_the_unit(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _submit(region="LT")

    triage.triage_route(report=report, unit=_unit("dgsn-cyber-lt"), actor=triage_officer)

    report.refresh_from_db()
    assert report.status == ReportStatus.TRIAGED
    assert report.unit is not None
    assert report.unit.code == "dgsn-cyber-lt"
    assert AuditEvent.objects.filter(action="report.routed", object_id=report.reference).exists()
    notification = Notification.objects.get(user=investigator_littoral)
    assert report.reference in notification.message
    assert str(report.public_id) in notification.url


def test_an_investigator_may_not_route(investigator_centre: User) -> None:
    report = _submit()
    with pytest.raises(NotAllowed):
        triage.triage_route(report=report, unit=_unit("dgsn-cyber-ce"), actor=investigator_centre)


def test_a_report_already_in_a_case_cannot_be_routed(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _submit(region="LT")
    triage.triage_route(report=report, unit=_unit("dgsn-cyber-lt"), actor=triage_officer)
    lifecycle.case_open(report=report, actor=investigator_littoral)
    report.refresh_from_db()

    with pytest.raises(InvalidAction):
        triage.triage_route(report=report, unit=_unit("dgsn-cyber-ce"), actor=triage_officer)


def test_requalifying_needs_a_reason_and_applies_the_rules_again(triage_officer: User) -> None:
    report = _submit(region="LT")
    csam = OffenceCategory.objects.get(code="child_sexual_abuse")

    with pytest.raises(InvalidAction) as refused:
        triage.triage_requalify(report=report, category=csam, actor=triage_officer, reason=" ")
    assert "reason" in refused.value.fields

    triage.triage_requalify(
        report=report, category=csam, actor=triage_officer, reason="Images of a child"
    )
    report.refresh_from_db()
    assert report.category_id == "child_sexual_abuse"
    assert report.unit is not None
    assert report.unit.code == "dgsn-minors"
    assert AuditEvent.objects.filter(action="report.requalified").exists()


def test_marking_a_duplicate_names_a_visible_original_by_reference(triage_officer: User) -> None:
    original = _submit()
    report = _submit()

    with pytest.raises(InvalidAction) as missing:
        triage.triage_mark_duplicate(
            report=report, original="VIG-1999-000001", actor=triage_officer, reason="Same facts"
        )
    assert "original" in missing.value.fields
    with pytest.raises(InvalidAction):
        triage.triage_mark_duplicate(
            report=report, original=original.reference, actor=triage_officer, reason=""
        )

    triage.triage_mark_duplicate(
        report=report,
        original=original.reference.lower(),
        actor=triage_officer,
        reason="Same facts",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DUPLICATE
    assert report.duplicate_of_id == original.pk


def test_rejecting_needs_a_reason_and_takes_the_report_out_of_the_queue(
    triage_officer: User,
) -> None:
    report = _submit()
    with pytest.raises(InvalidAction):
        triage.triage_reject(report=report, actor=triage_officer, reason="")

    triage.triage_reject(report=report, actor=triage_officer, reason="Insults only")

    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED
    assert triage_queue(user=triage_officer).rows == []


def test_a_report_outside_need_to_know_cannot_be_triaged(
    triage_officer: User, investigator_centre: User
) -> None:
    report = _submit(region="LT")
    triage.triage_route(report=report, unit=_unit("dgsn-cyber-lt"), actor=triage_officer)

    with pytest.raises(NotFound):
        triage.triage_attach_to_case(
            report=report, number="CAS-2026-000001", actor=investigator_centre
        )


def test_a_report_is_attached_to_a_case_named_by_its_number(
    triage_officer: User, investigator_littoral: User
) -> None:
    first, second = _submit(region="LT"), _submit(region="LT")
    for report in (first, second):
        triage.triage_route(report=report, unit=_unit("dgsn-cyber-lt"), actor=triage_officer)
    case = triage.triage_open_case(report=first, actor=investigator_littoral)

    with pytest.raises(InvalidAction):
        triage.triage_attach_to_case(report=second, number="CAS-1999-000999", actor=triage_officer)
    triage.triage_attach_to_case(report=second, number=case.number, actor=investigator_littoral)

    second.refresh_from_db()
    assert second.status == ReportStatus.IN_CASE
