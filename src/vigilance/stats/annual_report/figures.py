"""The figures of one year's report, and of the two years before for comparison, read from the
monthly aggregates by the open-data rule: counts under 5 on the month x region x category grid
are left out, and breakdowns the grid does not hold (channel, outcome) count its shown cells only.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from vigilance.intake.models import Channel, Outcome
from vigilance.stats.models import Measure, MoneyMonthly, ReportMonthly
from vigilance.stats.selectors.dashboard import (
    DurationFigures,
    duration_summary,
    lookups_by_month,
    outcome_counts,
    report_counts,
)
from vigilance.stats.selectors.open_data import OpenData, open_data_cells, open_data_get
from vigilance.stats.suppression import (
    SMALLEST_SHOWN,
    SUPPRESSED,
    Published,
    published_breakdown,
    published_total,
    shown_cell_keys,
)

COMPARED_YEARS = 3
# Awareness campaigns are counted by the alerts app's guidance part; the report shows them when
# it is installed (looked up by name, so that the report works without it).
AWARENESS_COUNTS = "vigilance.alerts.selectors.awareness.campaign_run_counts"
AWARENESS_MEDIA = "vigilance.alerts.models_guidance.CampaignMedium"


class YearNotAvailable(ValueError):
    """A year the report cannot cover (in the future, or before the first report)."""


def first_year() -> int | None:
    """The year of the first month with reports, or None before any."""
    first = ReportMonthly.objects.aggregate(first=Min("month"))["first"]
    return first.year if first is not None else None


def year_check(year: int) -> None:
    """Raise YearNotAvailable, with the reason in the active language, for a year not covered."""
    current = timezone.localdate().year
    if year > current:
        raise YearNotAvailable(_("The year %(year)s has not begun yet.") % {"year": year})
    first = first_year()
    if first is None:
        raise YearNotAvailable(_("No report has been counted yet: there is no year to report on."))
    if year < first:
        raise YearNotAvailable(
            _("The platform's first reports date from %(first)s: choose %(first)s to %(current)s.")
            % {"first": first, "current": current}
        )


@dataclass(frozen=True)
class YearSummary:
    """The key figures of one year."""

    year: int
    reports: Published
    loss_reported_xaf: Published
    held_xaf: Published
    returned_xaf: Published
    triage: DurationFigures
    case_close: DurationFigures
    lookups: int


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    summaries: list[YearSummary]  # the year first, then the years before
    by_month: OpenData
    by_region: OpenData
    by_category: OpenData
    previous_by_month: OpenData
    channels: list[tuple[str, Published]]
    outcomes: list[tuple[str, Published]]
    generated_at: dt.datetime
    awareness: "list[CampaignRuns] | None" = None


@dataclass(frozen=True)
class CampaignRuns:
    """Awareness campaigns held in the year through one medium (none is about a person)."""

    medium: str
    runs: int
    audience: int | None


def awareness_by_medium(year: int) -> list[CampaignRuns] | None:
    """The year's campaign runs by medium, or None when campaigns are not counted here."""
    try:
        counts = import_string(AWARENESS_COUNTS)
    except ImportError:
        return None
    runs: dict[str, int] = {}
    audience: dict[str, int | None] = {}
    for row in counts(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31)):
        medium = str(row["medium"])
        runs[medium] = runs.get(medium, 0) + int(row["runs"])
        if row["audience"] is not None:
            audience[medium] = (audience.get(medium) or 0) + int(row["audience"])
    return [
        CampaignRuns(medium=medium, runs=runs[medium], audience=audience.get(medium))
        for medium in sorted(runs, key=lambda medium: -runs[medium])
    ]


def medium_label(code: str) -> str:
    try:
        media = import_string(AWARENESS_MEDIA)
    except ImportError:
        return code
    return str(media(code).label) if code in media.values else code


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 1)


def _hidden_medians(figures: DurationFigures) -> DurationFigures:
    # A median of fewer than 5 durations says too much about each; it is not shown.
    if figures.count < SMALLEST_SHOWN:
        return DurationFigures(count=figures.count, median=None, p90=None)
    return figures


def year_summary(year: int) -> YearSummary:
    first, last = _bounds(year)
    total = published_total(open_data_cells(month_from=first, month_to=last))
    money = MoneyMonthly.objects.filter(month__gte=first, month__lte=last).aggregate(
        freezes=Sum("freezes"), held=Sum("held_xaf"), returned=Sum("returned_xaf")
    )
    # Amounts of fewer than 5 freezes would describe single cases: not shown.
    few_freezes = (money["freezes"] or 0) < SMALLEST_SHOWN
    return YearSummary(
        year=year,
        reports=total.reports,
        loss_reported_xaf=total.loss_xaf,
        held_xaf=SUPPRESSED if few_freezes else int(money["held"] or 0),
        returned_xaf=SUPPRESSED if few_freezes else int(money["returned"] or 0),
        triage=_hidden_medians(
            duration_summary(measure=Measure.TRIAGE, month_from=first, month_to=last)
        ),
        case_close=_hidden_medians(
            duration_summary(measure=Measure.CASE_CLOSE, month_from=first, month_to=last)
        ),
        lookups=sum(lookups_by_month(month_from=first, month_to=last).values()),
    )


def _breakdown(
    rows: list[dict[str, object]], dimension: str, shown: set[tuple[str, ...]]
) -> list[tuple[str, Published]]:
    parts = [
        (
            (f"{row['month']:%Y-%m}", str(row["region"]), str(row["category"])),
            str(row[dimension]),
            int(row["reports"]),  # type: ignore[call-overload]
        )
        for row in rows
    ]
    return published_breakdown(parts, shown)


def annual_figures(year: int) -> AnnualFigures:
    """Everything the report shows for ``year``; raises YearNotAvailable first if it cannot."""
    year_check(year)
    first, last = _bounds(year)
    shown = shown_cell_keys(open_data_cells(month_from=first, month_to=last))
    grid = ("month", "region", "category")
    channels = _breakdown(
        report_counts(month_from=first, month_to=last, by=(*grid, "channel")), "channel", shown
    )
    outcomes = _breakdown(
        outcome_counts(month_from=first, month_to=last, by=(*grid, "outcome")), "outcome", shown
    )
    previous_first, previous_last = _bounds(year - 1)
    return AnnualFigures(
        year=year,
        summaries=[year_summary(year - back) for back in range(COMPARED_YEARS)],
        by_month=open_data_get(month_from=first, month_to=last, by=("month",)),
        by_region=open_data_get(month_from=first, month_to=last, by=("region",)),
        by_category=open_data_get(month_from=first, month_to=last, by=("category",)),
        previous_by_month=open_data_get(
            month_from=previous_first, month_to=previous_last, by=("month",)
        ),
        channels=channels,
        outcomes=outcomes,
        generated_at=timezone.now(),
        awareness=awareness_by_medium(year),
    )


def channel_label(code: str) -> str:
    return str(Channel(code).label) if code in Channel.values else code


def outcome_label(code: str) -> str:
    return str(Outcome(code).label) if code in Outcome.values else code
