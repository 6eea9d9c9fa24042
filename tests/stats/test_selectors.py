"""Median and 90th percentile read back from bucket counts: within one bucket's width of the
exact value, from the aggregates of either database, for any range and scope."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.stats.conftest import douala, received, routed
from vigilance.accounts.models import Unit, User
from vigilance.intake.models import Report
from vigilance.stats import durations
from vigilance.stats.access import NATIONAL, Scope
from vigilance.stats.models import Measure
from vigilance.stats.selectors import dashboard
from vigilance.stats.services.refresh import statistics_refresh


def _nearest_rank(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _within_a_bucket(estimate: float | None, exact: float) -> bool:
    assert estimate is not None
    return exact / durations.RATIO <= estimate <= exact * durations.RATIO


@given(
    st.lists(
        st.floats(min_value=60, max_value=300 * 24 * 3600, allow_nan=False),
        min_size=1,
        max_size=300,
    ),
    st.sampled_from([0.5, 0.9]),
)
def test_a_quantile_from_buckets_is_within_a_bucket_of_the_exact_one(
    seconds: list[float], fraction: float
) -> None:
    counts: dict[int, int] = {}
    for value in seconds:
        bucket = durations.bucket_of(value)
        counts[bucket] = counts.get(bucket, 0) + 1
    assert _within_a_bucket(durations.quantile(counts, fraction), _nearest_rank(seconds, fraction))


@given(st.floats(min_value=0, max_value=2 * durations.YEAR, allow_nan=False))
def test_every_duration_falls_inside_its_buckets_bounds(seconds: float) -> None:
    low, high = durations.bucket_bounds(durations.bucket_of(seconds))
    assert low <= seconds
    assert seconds < high or seconds >= durations.YEAR


def test_nothing_measured_reads_as_none() -> None:
    assert durations.quantile({}, 0.5) is None


# Hours from arrival to triage of the reports of one month, in the Littoral's unit.
TRIAGE_HOURS = [0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]


@pytest.fixture
def triaged(triage_officer: User) -> list[float]:
    seconds = []
    for index, hours in enumerate(TRIAGE_HOURS):
        report = routed(received(at=douala(2025, 4, 1 + index)), "dgsn-cyber-lt", triage_officer)
        Report.objects.filter(pk=report.pk).update(
            triaged_at=report.submitted_at + dt.timedelta(hours=hours)
        )
        seconds.append(hours * 3600)
    statistics_refresh(months=[dt.date(2025, 4, 1)])
    return seconds


@pytest.mark.django_db
def test_median_and_p90_of_triage_are_within_a_bucket_of_the_exact_values(
    triaged: list[float],
) -> None:
    april = dt.date(2025, 4, 1)
    summary = dashboard.duration_summary(
        measure=Measure.TRIAGE, month_from=april, month_to=april, scope=NATIONAL
    )
    assert summary.count == len(TRIAGE_HOURS)
    assert _within_a_bucket(summary.median, _nearest_rank(triaged, 0.5))
    assert _within_a_bucket(summary.p90, _nearest_rank(triaged, 0.9))


@pytest.mark.django_db
def test_a_scope_counts_only_its_units_durations(triaged: list[float]) -> None:
    april = dt.date(2025, 4, 1)
    centre = Unit.objects.get(code="dgsn-cyber-ce")
    scope = Scope(unit=centre, unit_ids=(centre.pk,))
    summary = dashboard.duration_summary(
        measure=Measure.TRIAGE, month_from=april, month_to=april, scope=scope
    )
    assert (summary.count, summary.median) == (0, None)
    by_month = dashboard.duration_by_month(
        measure=Measure.TRIAGE,
        month_from=dt.date(2025, 3, 1),
        month_to=april,
        scope=NATIONAL,
    )
    assert [figures.count for figures in by_month.values()] == [0, len(TRIAGE_HOURS)]


@pytest.mark.django_db
def test_counts_group_by_any_dimension_and_stay_in_the_range() -> None:
    received(at=douala(2025, 1), region="CE", channel="sms")
    received(at=douala(2025, 2), region="CE", channel="web")
    received(at=douala(2025, 2), region="LT", channel="web")
    received(at=douala(2025, 3), region="LT", channel="web")
    statistics_refresh(months=[dt.date(2025, month, 1) for month in (1, 2, 3)])
    rows = dashboard.report_counts(
        month_from=dt.date(2025, 2, 1), month_to=dt.date(2025, 3, 1), by=("month", "channel")
    )
    assert sorted((row["month"], row["channel"], row["reports"]) for row in rows) == [
        (dt.date(2025, 2, 1), "web", 2),
        (dt.date(2025, 3, 1), "web", 1),
    ]
