"""Fixed duration buckets, and percentiles read back from bucket counts (no database).

Bucket 0 holds durations under a minute, bucket ``BUCKETS - 1`` a year or more; between them the
edges grow by the same ratio (about 1.3), so an estimate is within one bucket's width (under
about a third of the value) of the exact percentile.
"""

import math
from collections.abc import Mapping

MINUTE = 60.0
YEAR = 365 * 24 * 3600.0
# Edges in seconds: EDGES[0] = one minute ... EDGES[-1] = one year.
EDGE_COUNT = 51
RATIO = (YEAR / MINUTE) ** (1 / (EDGE_COUNT - 1))
EDGES: tuple[float, ...] = tuple(MINUTE * RATIO**index for index in range(EDGE_COUNT))
# Bucket i < EDGE_COUNT holds [EDGES[i-1], EDGES[i]) (bucket 0 from zero); the last one the rest.
BUCKETS = EDGE_COUNT + 1


def bucket_of(seconds: float) -> int:
    """The bucket of a duration (negative durations, from clock skew, count as zero)."""
    if seconds < EDGES[0]:
        return 0
    if seconds >= EDGES[-1]:
        return BUCKETS - 1
    index = int(math.log(seconds / MINUTE) / math.log(RATIO)) + 1
    # Rounding at an edge may land one bucket off: settle it against the edges themselves.
    while index > 1 and seconds < EDGES[index - 1]:
        index -= 1
    while index < EDGE_COUNT and seconds >= EDGES[index]:
        index += 1
    return index


def bucket_bounds(bucket: int) -> tuple[float, float]:
    """The lower and upper duration of a bucket, in seconds (the last one reads as one year)."""
    if bucket <= 0:
        return 0.0, EDGES[0]
    if bucket >= BUCKETS - 1:
        return EDGES[-1], EDGES[-1]
    return EDGES[bucket - 1], EDGES[bucket]


def quantile(counts: Mapping[int, int], fraction: float) -> float | None:
    """The duration (seconds) below which ``fraction`` of the counted durations fall, read from
    the counts per bucket and interpolated inside the bucket (geometrically, as the edges grow).
    None when nothing was counted."""
    total = sum(counts.values())
    if total <= 0:
        return None
    rank = fraction * total
    running = 0
    for bucket in sorted(counts):
        count = counts[bucket]
        if count <= 0:
            continue
        if running + count >= rank:
            low, high = bucket_bounds(bucket)
            share = (rank - running) / count
            if low <= 0:
                return high * share
            return float(low * (high / low) ** share)
        running += count
    return bucket_bounds(max(counts))[1]
