"""Numbers that run upwards within a year (case numbers, requisition references...).

One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` gives the next number: the database
takes the row lock itself, so two requests at the same instant never share a number, on
PostgreSQL as on SQLite (3.35 and later), without a read-then-write race.
"""

from django.db import connection

# The table of ``core.models.YearlyCounter``, unique on (series, year).
_NEXT = (
    "INSERT INTO core_yearlycounter (series, year, last_number) VALUES (%s, %s, 1) "
    "ON CONFLICT (series, year) DO UPDATE SET last_number = core_yearlycounter.last_number + 1 "
    "RETURNING last_number"
)


def next_number(series: str, year: int) -> int:
    """The next number of ``series`` in ``year``, starting at 1."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [series, year])
        row = cursor.fetchone()
    return int(row[0])


def next_reference(series: str, year: int) -> str:
    """``SERIES-YYYY-NNNNNN``: the form every yearly reference takes."""
    return f"{series}-{year}-{next_number(series, year):06d}"
