"""The aggregates follow the reports: after a refresh, a new report, its triage, its case's
opening and closing and a freeze's answer each show in the figures the dashboards read."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.stats.conftest import douala, received, routed
from vigilance.accounts.models import Organisation, User
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.intake.models import Report
from vigilance.requisitions.models import FreezeStatus
from vigilance.requisitions.services import freezes
from vigilance.stats.access import NATIONAL
from vigilance.stats.models import Measure
from vigilance.stats.months import month_of
from vigilance.stats.selectors import dashboard
from vigilance.stats.services.refresh import statistics_rebuild, statistics_refresh

pytestmark = pytest.mark.django_db


def _this_month() -> dt.date:
    return month_of(timezone.now())


def _reports(month: dt.date) -> int:
    rows = dashboard.report_counts(month_from=month, month_to=month, by=())
    return rows[0]["reports"] if rows else 0


def _measured(measure: str, month: dt.date) -> int:
    return dashboard.duration_summary(
        measure=measure, month_from=month, month_to=month, scope=NATIONAL
    ).count


def test_a_new_report_counts_after_the_next_refresh() -> None:
    statistics_refresh()
    month = _this_month()
    before = _reports(month)
    received()
    assert _reports(month) == before
    statistics_refresh()
    assert _reports(month) == before + 1


def test_a_report_of_an_earlier_month_counts_in_that_month() -> None:
    statistics_refresh()
    received(at=douala(2025, 3))
    refreshed = statistics_refresh()
    assert dt.date(2025, 3, 1) in refreshed
    rows = dashboard.report_counts(
        month_from=dt.date(2025, 3, 1), month_to=dt.date(2025, 3, 1), by=("region", "category")
    )
    assert rows == [
        {
            "region": "LT",
            "category": "online_purchase_scam",
            "reports": 1,
            "loss_reported_xaf": 120_000,
        }
    ]


def test_a_triage_counts_its_time_after_the_next_refresh(triage_officer: User) -> None:
    report = received(at=timezone.now() - dt.timedelta(hours=5))
    statistics_refresh()
    month = month_of(report.submitted_at)
    assert _measured(Measure.TRIAGE, month) == 0
    routed(report, "dgsn-cyber-lt", triage_officer)
    statistics_refresh()
    summary = dashboard.duration_summary(measure=Measure.TRIAGE, month_from=month, month_to=month)
    assert summary.count == 1
    assert summary.median is not None
    assert 5 * 3600 / 1.31 <= summary.median <= 5 * 3600 * 1.31


def test_opening_and_closing_a_case_count_after_the_next_refresh(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = routed(received(), "dgsn-cyber-lt", triage_officer)
    statistics_refresh()
    month = month_of(report.submitted_at)
    case = lifecycle.case_open(report=report, actor=investigator_littoral)
    statistics_refresh()
    assert _measured(Measure.CASE_OPEN, month) == 1
    assert _measured(Measure.CASE_CLOSE, month) == 0
    lifecycle.case_transition(
        case=case, status=CaseStatus.CLOSED, actor=investigator_littoral, outcome="no_offence"
    )
    statistics_refresh()
    assert _measured(Measure.CASE_CLOSE, month) == 1
    outcomes = dashboard.outcome_counts(month_from=month, month_to=month, by=("outcome",))
    assert outcomes == [{"outcome": "no_offence", "reports": 1}]


def test_a_freeze_answer_counts_the_funds_held_after_the_next_refresh(
    triage_officer: User, investigator_littoral: User, mtn_responder: User
) -> None:
    report = routed(received(), "dgsn-cyber-lt", triage_officer)
    case: Case = lifecycle.case_open(report=report, actor=investigator_littoral)
    freeze = freezes.freeze_request_create(
        actor=investigator_littoral,
        case=case,
        issuer=Organisation.objects.get(code="mtn"),
        account="6 77 12 34 56",
        amount_asked=50_000,
    )
    statistics_refresh()
    month = _this_month()
    assert dashboard.money_by_month(month_from=month, month_to=month)[month] == (0, 0)
    freezes.freeze_answer(
        actor=mtn_responder, freeze=freeze, outcome=FreezeStatus.HELD, amount=30_000
    )
    statistics_refresh()
    assert dashboard.money_by_month(month_from=month, month_to=month)[month] == (30_000, 0)


def test_a_rebuild_replaces_a_month_rather_than_adding_to_it() -> None:
    received(at=douala(2025, 6))
    statistics_rebuild()
    statistics_rebuild()
    june = dt.date(2025, 6, 1)
    assert _reports(june) == 1
    Report.objects.filter(submitted_at__lt=douala(2025, 7, 1)).delete()
    call_command("statistics_rebuild", verbosity=0)
    assert _reports(june) == 0
