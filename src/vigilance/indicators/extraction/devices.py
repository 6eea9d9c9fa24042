"""Handset IMEIs in free text: 15 digits whose last is their Luhn check digit.

One 15-digit number in ten passes the Luhn check by chance, so a number written in groups is
only taken for an IMEI when the word "IMEI" comes just before it.
"""

import re
from collections.abc import Iterator

from vigilance.indicators.extraction.base import (
    Found,
    found,
    is_labelled_as_something_else,
    read_as,
)

_IMEI = re.compile(r"(?<!\w)(?<![0-9][ \-./])(?:[0-9][ \-./]?){14}[0-9](?![0-9]|[ \-./][0-9])")
_NAMED = re.compile(r"\bIMEI\b[^\d\n]{0,25}$", re.IGNORECASE)


def find_imeis(text: str) -> Iterator[Found]:
    for match in _IMEI.finditer(text):
        is_named = bool(_NAMED.search(text[max(0, match.start() - 40) : match.start()]))
        if not is_named and (
            not match.group().isdigit() or is_labelled_as_something_else(text, match.start())
        ):
            continue
        if imei := read_as("imei", match.group()):
            yield found(imei, text, match.start(), match.end())
