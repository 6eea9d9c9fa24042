"""English dates and times, day first and on a 24-hour clock as in Cameroon: 5 February 2026, 14:01;
05/02/2026 14:01 when short. The same patterns as French; only the month names differ."""

from vigilance.formats.fr.formats import (
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

__all__ = [
    "DATETIME_FORMAT",
    "DATETIME_INPUT_FORMATS",
    "DATE_FORMAT",
    "DATE_INPUT_FORMATS",
    "FIRST_DAY_OF_WEEK",
    "MONTH_DAY_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
]
