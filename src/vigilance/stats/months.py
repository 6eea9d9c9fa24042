"""Calendar months as the aggregates count them: the first day of the month, in Africa/Douala."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

DOUALA = ZoneInfo("Africa/Douala")


def month_of(moment: dt.datetime | dt.date) -> dt.date:
    """The month (its first day) a moment falls in, read in Douala for aware datetimes."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(DOUALA).date() if moment.tzinfo else moment.date()
    return moment.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the month and of the next one, in Douala."""
    start = dt.datetime.combine(month.replace(day=1), dt.time.min, tzinfo=DOUALA)
    end = dt.datetime.combine(next_month(month), dt.time.min, tzinfo=DOUALA)
    return start, end


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last``, both included."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def months_of(moments: Iterable[dt.datetime | dt.date | None]) -> set[dt.date]:
    return {month_of(moment) for moment in moments if moment is not None}
