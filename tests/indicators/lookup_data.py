"""Builders shared by the public check's tests: reports naming a suspect's number, through the
real intake service so that the indicator's counters are the ones a real report leaves."""

import datetime as dt

from django.utils import timezone

from tests.factories import report_draft
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.indicators.normalise import normalise
from vigilance.intake import services
from vigilance.intake.models import Channel

SUSPECT = "6 99 88 77 66"
SUSPECT_E164 = "+237699887766"


def reports_naming(
    value: str = SUSPECT,
    *,
    reporters: int = 1,
    reports_each: int = 1,
    type: str = "phone",
    category: str = "online_purchase_scam",
) -> Indicator:
    """``reporters`` distinct people each file ``reports_each`` reports naming ``value``."""
    for person in range(reporters):
        for _ in range(reports_each):
            services.report_submit(
                draft=report_draft(
                    category=category,
                    reporter=services.ReporterInput(
                        name=f"Reporter Number{person}",
                        phone=f"+23767000{person:04d}",
                    ),
                    identifiers=[services.IdentifierInput(type=type, value=value)],
                ),
                channel=Channel.WEB,
            )
    return Indicator.objects.get(type=type, value=normalise(type, value).value)


def indicator_with(
    *,
    value: str = SUSPECT_E164,
    report_count: int = 0,
    reporter_count: int = 0,
    status: str = IndicatorStatus.UNVERIFIED,
    categories: list[str] | None = None,
    is_warning_listed: bool = False,
) -> Indicator:
    """An indicator row with its counters set directly (band edges, statuses)."""
    seen = timezone.make_aware(dt.datetime(2026, 3, 2, 23, 30), dt.UTC)
    return Indicator.objects.create(
        type="phone",
        value=value,
        report_count=report_count,
        reporter_count=reporter_count,
        status=status,
        categories=categories if categories is not None else ["mobile_money_fraud"],
        first_seen=seen - dt.timedelta(days=10),
        last_seen=seen,
        is_warning_listed=is_warning_listed,
    )
