"""Monthly aggregates written directly, so each open-data test states the cells it publishes."""

import datetime as dt

from django.utils import timezone

from vigilance.stats.models import RefreshWatermark, ReportMonthly


def month_back(months: int) -> dt.date:
    """The first day of the month ``months`` before the current one (Douala)."""
    today = timezone.localdate().replace(day=1)
    year, index = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, index + 1, 1)


def add_cell(
    month: dt.date,
    region: str,
    category: str,
    reports: int,
    loss: int = 0,
    channel: str = "web",
) -> ReportMonthly:
    return ReportMonthly.objects.create(
        month=month,
        region_id=region,
        category_id=category,
        channel=channel,
        reports=reports,
        loss_reported_xaf=loss,
    )


def mark_refreshed(at: dt.datetime | None = None) -> None:
    RefreshWatermark.objects.update_or_create(pk=1, defaults={"refreshed_at": at or timezone.now()})


def small_and_large_cells() -> dt.date:
    """Last month: Centre phishing 12 (web 9 + counter 3), Littoral phishing 7, North sextortion 3
    (a small cell), Centre sextortion 5."""
    month = month_back(1)
    add_cell(month, "CE", "phishing", 9, loss=900_000)
    add_cell(month, "CE", "phishing", 3, loss=100_000, channel="counter")
    add_cell(month, "LT", "phishing", 7, loss=70_000)
    add_cell(month, "NO", "sextortion", 3, loss=450_000)
    add_cell(month, "CE", "sextortion", 5, loss=0)
    mark_refreshed()
    return month
