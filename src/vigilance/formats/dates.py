"""The French first of the month: "1er décembre 2026", never "1 décembre 2026".

Django's date formats have no French ordinal, so the format is adjusted before formatting, for
the first day only; every other day and language is formatted as the format modules say.
"""

import datetime as dt
import re

from django.utils import formats, translation

# A day of the month (j) followed by a month name (F, or the abbreviated N and E), not escaped.
_DAY_BEFORE_MONTH = re.compile(r"(?<!\\)j(?= [FNE])")


def format_with_first_day(format_string: str, *, day: int, language: str | None) -> str:
    """The date format to use for ``day`` in ``language``: "j F Y" becomes "j\\e\\r F Y" for the
    first of the month in French."""
    if day != 1 or not (language or "").startswith("fr"):
        return format_string
    return _DAY_BEFORE_MONTH.sub(r"j\\e\\r", format_string)


def date_format(value: dt.date, format_name: str | None = None) -> str:
    """``django.utils.formats.date_format`` with the French first of the month."""
    format_string = str(formats.get_format(format_name or "DATE_FORMAT"))
    adjusted = format_with_first_day(
        format_string, day=value.day, language=translation.get_language()
    )
    return formats.date_format(value, adjusted)
