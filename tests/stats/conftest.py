"""Reports received in known months, routed, in cases and closed, for the statistics tests.

Messages are read in English unless a test switches language itself."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.intake import services, staff
from vigilance.intake.models import Report
from vigilance.stats.months import DOUALA


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def received(
    *,
    at: dt.datetime | None = None,
    region: str = "LT",
    category: str = "online_purchase_scam",
    channel: str = "web",
) -> Report:
    """A report submitted through the service, then dated ``at`` (a moment in Douala)."""
    report = services.report_submit(
        draft=report_draft(region=region, category=category), channel=channel
    ).report
    if at is not None:
        Report.objects.filter(pk=report.pk).update(submitted_at=at)
        report.refresh_from_db()
    return report


def routed(report: Report, unit_code: str, actor: User) -> Report:
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit_code), actor=actor)


def douala(year: int, month: int, day: int = 10, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=DOUALA)
