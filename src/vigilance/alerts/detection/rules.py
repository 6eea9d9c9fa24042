"""When the last 24 hours "far exceed" a subject's baseline (docs/decisions/0019).

A series is a list of counts per 24-hour slot, oldest first, whose last item is the last 24
hours and whose other items are the baseline. The last slot makes a wave when it reaches all
three of: a floor (``min_count``), a multiple of the baseline's daily mean (``ratio``), and the
mean plus ``z`` times its square root (a Poisson-style margin, which dominates when the mean is
small and its noise large). Each bound only grows with the baseline, never with the last slot,
so more reports never remove a wave, and a flat series never makes one (``ratio`` > 1).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    min_count: int
    ratio: float
    z: float

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.ratio <= 1 or self.z < 0:
            raise ValueError("a wave needs min_count >= 1, ratio > 1 and z >= 0")


def baseline_mean(baseline: Sequence[int]) -> float:
    """The mean count per slot of the baseline (0 for an empty one)."""
    return sum(baseline) / len(baseline) if baseline else 0.0


def wave_threshold(mean: float, thresholds: Thresholds) -> int:
    """The smallest count of the last 24 hours that makes a wave over this baseline mean."""
    margin = mean + thresholds.z * math.sqrt(mean)
    return max(thresholds.min_count, math.ceil(thresholds.ratio * mean), math.ceil(margin))


def is_wave(series: Sequence[int], thresholds: Thresholds) -> bool:
    """Whether the last slot of ``series`` far exceeds the slots before it."""
    if not series:
        return False
    *baseline, last = series
    return last >= wave_threshold(baseline_mean(baseline), thresholds)
