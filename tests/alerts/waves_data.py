"""Synthetic report histories for the scam-wave tests: reports filed through intake, then dated
back to when the test says they arrived."""

import datetime as dt

from django.utils import timezone

from tests.factories import report_draft
from vigilance.indicators.models import LookupTally
from vigilance.intake import services
from vigilance.intake.models import Report

WAVE_NUMBER = "+237650111222"


def reports_file(
    count: int,
    *,
    hours_ago: float = 1,
    value: str = WAVE_NUMBER,
    region: str = "LT",
    category: str = "mobile_money_fraud",
) -> list[Report]:
    """``count`` reports naming ``value``, arrived ``hours_ago`` hours ago."""
    at = timezone.now() - dt.timedelta(hours=hours_ago)
    filed = []
    for index in range(count):
        draft = report_draft(
            category=category,
            region=region,
            identifiers=[services.IdentifierInput(type="phone", value=value)],
            reporter=services.ReporterInput(name=f"Victim {index}", email=f"v{index}@example.cm"),
        )
        report = services.report_submit(draft=draft, channel="web").report
        Report.objects.filter(pk=report.pk).update(submitted_at=at)
        filed.append(report)
    return filed


def daily_history(per_day: int, *, days: int = 28, value: str = WAVE_NUMBER) -> None:
    """``per_day`` reports a day over the ``days`` days before the last 24 hours."""
    for day in range(1, days + 1):
        reports_file(per_day, hours_ago=24 * day + 2, value=value)


def lookups_record(value: str, count: int, *, days_ago: int = 0) -> None:
    LookupTally.objects.create(
        day=timezone.localdate() - dt.timedelta(days=days_ago),
        type="phone",
        value=value,
        count=count,
    )
