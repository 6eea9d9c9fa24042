"""Months as partitions see them: plain values, no database.

A month partition holds ``[first day 00:00 UTC, first day of the next month 00:00 UTC)``; for a
date column the bounds are the same two days. Names end in ``_pYYYYMM`` so that a listing sorts
by month; the partition for every other date is ``<table>_default``.
"""

import datetime
from collections.abc import Iterator

Month = tuple[int, int]  # (year, month)


def month_of(moment: datetime.date) -> Month:
    if isinstance(moment, datetime.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.year, moment.month


def month_after(month: Month, count: int = 1) -> Month:
    index = month[0] * 12 + (month[1] - 1) + count
    return index // 12, index % 12 + 1


def months_between(first: Month, last: Month) -> Iterator[Month]:
    """Every month from ``first`` to ``last``, both included (none if ``last`` is earlier)."""
    month = first
    while month <= last:
        yield month
        month = month_after(month)


def month_bounds(month: Month) -> tuple[str, str]:
    """The partition bounds as SQL literals: from the month's first instant (UTC), to the
    next month's, excluded. The same text is a valid ``date`` and ``timestamptz``."""
    following = month_after(month)
    return (
        f"{month[0]:04d}-{month[1]:02d}-01 00:00:00+00",
        f"{following[0]:04d}-{following[1]:02d}-01 00:00:00+00",
    )


def partition_name(table: str, month: Month) -> str:
    return f"{table}_p{month[0]:04d}{month[1]:02d}"


def default_partition_name(table: str) -> str:
    return f"{table}_default"
