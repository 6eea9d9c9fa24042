"""The rule deciding when the last 24 hours far exceed a subject's baseline (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigilance.alerts.detection.rules import Thresholds, baseline_mean, is_wave, wave_threshold

DEFAULT = Thresholds(min_count=8, ratio=3.0, z=4.0)

thresholds = st.builds(
    Thresholds,
    min_count=st.integers(min_value=1, max_value=50),
    ratio=st.floats(min_value=1.01, max_value=10, allow_nan=False),
    z=st.floats(min_value=0, max_value=8, allow_nan=False),
)
baselines = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=60)


def test_a_dozen_reports_over_a_quiet_baseline_is_a_wave() -> None:
    assert is_wave([0] * 28 + [12], DEFAULT)


def test_fewer_reports_than_the_floor_are_no_wave_even_from_nothing() -> None:
    assert not is_wave([0] * 28 + [7], DEFAULT)


def test_a_busy_subject_needs_three_times_its_usual_day() -> None:
    usual = [20] * 28
    assert not is_wave([*usual, 59], DEFAULT)
    assert is_wave([*usual, 60], DEFAULT)


def test_a_small_noisy_baseline_is_judged_by_its_poisson_margin() -> None:
    # Mean 2.25: three times is 6.75 and the floor 8, but the margin 2.25 + 4 x 1.5 = 8.25.
    assert wave_threshold(2.25, DEFAULT) == 9
    assert wave_threshold(0.0, DEFAULT) == 8


def test_an_empty_series_is_no_wave() -> None:
    assert not is_wave([], DEFAULT)


@pytest.mark.parametrize("changes", [{"min_count": 0}, {"ratio": 1.0}, {"ratio": 0.5}, {"z": -1.0}])
def test_thresholds_that_would_fire_on_a_flat_series_are_refused(changes: dict[str, float]) -> None:
    values: dict[str, float] = {"min_count": 8, "ratio": 3.0, "z": 4.0, **changes}
    with pytest.raises(ValueError, match="wave"):
        Thresholds(min_count=int(values["min_count"]), ratio=values["ratio"], z=values["z"])


@given(
    baseline=baselines,
    last=st.integers(min_value=0, max_value=5000),
    more=st.integers(0, 500),
    t=thresholds,
)
def test_more_reports_in_the_last_24_hours_never_remove_a_wave(
    baseline: list[int], last: int, more: int, t: Thresholds
) -> None:
    if is_wave([*baseline, last], t):
        assert is_wave([*baseline, last + more], t)


@given(count=st.integers(min_value=0, max_value=10_000), days=st.integers(1, 60), t=thresholds)
def test_a_flat_series_never_fires(count: int, days: int, t: Thresholds) -> None:
    assert not is_wave([count] * (days + 1), t)


@given(baseline=baselines, t=thresholds)
def test_the_threshold_is_the_smallest_count_that_fires(baseline: list[int], t: Thresholds) -> None:
    needed = wave_threshold(baseline_mean(baseline), t)
    assert is_wave([*baseline, needed], t)
    assert not is_wave([*baseline, needed - 1], t)


@given(baseline=baselines, extra=st.integers(1, 500), t=thresholds)
def test_a_busier_baseline_never_lowers_the_threshold(
    baseline: list[int], extra: int, t: Thresholds
) -> None:
    busier = [baseline[0] + extra, *baseline[1:]]
    assert wave_threshold(baseline_mean(busier), t) >= wave_threshold(baseline_mean(baseline), t)
