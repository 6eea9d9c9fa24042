"""Which operator a phone number was allocated to, from the ``phonenumbers`` library's carrier data.

The library's table covers every country and takes ~30 MB in each web worker once imported; the
platform keeps only the countries it meets (``data/carriers.json``, written from that table by
``manage.py refresh_carriers``, and checked against it by the tests). Number portability means
this is a guess: an operator's own answer to a requisition wins over it.
"""

import functools
import json
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "carriers.json"
# Cameroon, its CEMAC neighbours and Nigeria: where the numbers named in reports come from.
COUNTRY_CODES = ("237", "234", "235", "236", "240", "241", "242")


def carriers_from_library(country_codes: tuple[str, ...] = COUNTRY_CODES) -> dict[str, str]:
    """Prefix (country code included) -> carrier name, read from the library's full table."""
    from phonenumbers.carrierdata import CARRIER_DATA

    table: dict[str, str] = {}
    for prefix, names in CARRIER_DATA.items():
        if prefix.startswith(country_codes):
            name = names.get("en") or next(iter(names.values()), "")
            if name:
                table[prefix] = name
    return dict(sorted(table.items()))


@functools.cache
def _table() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def carrier_for(e164: str) -> str:
    """The carrier of ``+237677123456`` ("MTN Cameroon"), or "" when the data does not say."""
    digits = e164.lstrip("+")
    prefixes: dict[str, str] = _table()["prefixes"]
    for length in range(min(len(digits), _table()["longest_prefix"]), 0, -1):
        name = prefixes.get(digits[:length])
        if name:
            return name
    return ""
