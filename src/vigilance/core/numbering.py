"""Numbers that run upwards within a year (case numbers, requisition references...).

One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` gives the next number: the database
takes the row lock itself, so two requests at the same instant never share a number, on
PostgreSQL as on SQLite (3.35 and later), without a read-then-write race.
"""

from django.db import connection

# The table of ``core.models.YearlyCounter``, unique on (series, year).
_NEXT = (
    "INSERT INTO core_yearlycounter (series, year, last_number) VALUES (%s, %s, %s) "
    "ON CONFLICT (series, year) DO UPDATE "
    "SET last_number = core_yearlycounter.last_number + EXCLUDED.last_number "
    "RETURNING last_number"
)


def next_number(series: str, year: int) -> int:
    """The next number of ``series`` in ``year``, starting at 1."""
    return next_numbers(series, year, 1)[0]


def next_numbers(series: str, year: int, count: int) -> list[int]:
    """The next ``count`` numbers of ``series`` in ``year``, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [series, year, count])
        row = cursor.fetchone()
    last = int(row[0])
    return list(range(last - count + 1, last + 1))


def next_reference(series: str, year: int) -> str:
    """``SERIES-YYYY-NNNNNN``: the form every yearly reference takes."""
    return next_references(series, year, 1)[0]


def next_references(series: str, year: int, count: int) -> list[str]:
    """The next ``count`` references of ``series`` in ``year``, in one statement."""
    return [f"{series}-{year}-{number:06d}" for number in next_numbers(series, year, count)]
