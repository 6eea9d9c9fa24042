"""Mobile-money confirmation SMS (MTN MoMo, Orange Money) read into a structured receipt.

The operators' wordings are data (``formats.json``): supporting a new wording, language or
operator is adding an entry there, not code. A text no format recognises gives ``None``.
"""

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from vigilance.indicators.normalise import InvalidIdentifier, normalise_phone

__all__ = ["FORMATS_FILE", "MoneyReceipt", "parse_money_receipt"]

FORMATS_FILE = Path(__file__).resolve().parent / "formats.json"
TIME_ZONE = ZoneInfo("Africa/Douala")
# SMS are short; a longer text is not a receipt, and the patterns never read more than this.
_LONGEST = 1000


@dataclass(frozen=True)
class MoneyReceipt:
    provider: str  # "mtn_momo" or "orange_money"
    direction: str  # "sent", "received", "payment" or "withdrawal"
    transaction_id: str
    counterpart: str  # E.164, or "" when the other party is a merchant named without a number
    counterpart_name: str
    amount: Decimal
    currency: str
    fee: Decimal | None
    balance: Decimal | None
    occurred_at: datetime | None
    language: str
    format: str  # the id of the entry of formats.json that read it
    counterpart_raw: str = ""  # the number as the SMS wrote it


@dataclass(frozen=True)
class _Format:
    id: str
    provider: str
    language: str
    direction: str
    match: tuple[re.Pattern[str], ...]
    patterns: tuple[re.Pattern[str], ...]


def _compile(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    def macro(name: re.Match[str]) -> str:
        return macros[name.group(1)]

    return re.compile(re.sub(r"<<(\w+)>>", macro, pattern))


@functools.cache
def _formats() -> tuple[_Format, ...]:
    data: dict[str, Any] = json.loads(FORMATS_FILE.read_text(encoding="utf-8"))
    macros: dict[str, str] = data["macros"]
    shared = {
        provider: [_compile(pattern, macros) for pattern in entry["patterns"]]
        for provider, entry in data["providers"].items()
    }
    return tuple(
        _Format(
            id=entry["id"],
            provider=entry["provider"],
            language=entry["language"],
            direction=entry["direction"],
            match=tuple(_compile(pattern, macros) for pattern in entry["match"]),
            patterns=tuple(
                [_compile(pattern, macros) for pattern in entry["patterns"]]
                + shared[entry["provider"]]
            ),
        )
        for entry in data["formats"]
    )


def _amount(written: str | None) -> Decimal | None:
    """ "50 000", "50.000", "50,000" are fifty thousand; "12500.00" has cents."""
    if not written:
        return None
    digits = re.sub(r"[ \u00a0]", "", written)
    cents = re.fullmatch(r"([0-9.,]+)[.,]([0-9]{2})", digits)
    if cents:
        return Decimal(re.sub(r"[.,]", "", cents.group(1)) + "." + cents.group(2))
    return Decimal(re.sub(r"[.,]", "", digits))


def _occurred_at(fields: dict[str, str]) -> datetime | None:
    year = fields.get("year") or (f"20{fields['yy']}" if fields.get("yy") else "")
    if not (year and fields.get("month") and fields.get("day")):
        return None
    try:
        return datetime(
            int(year),
            int(fields["month"]),
            int(fields["day"]),
            int(fields.get("hour") or 0),
            int(fields.get("minute") or 0),
            int(fields.get("second") or 0),
            tzinfo=TIME_ZONE,
        )
    except ValueError:
        return None


def _fields(text: str, entry: _Format) -> dict[str, str]:
    """Each field from the first pattern that gives it; a date is taken whole from one pattern."""
    fields: dict[str, str] = {}
    has_date = False
    for pattern in entry.patterns:
        match = pattern.search(text)
        if match is None:
            continue
        values = {name: value for name, value in match.groupdict().items() if value is not None}
        is_date = "month" in values
        for name, value in values.items():
            if name in ("year", "yy", "month", "day", "hour", "minute", "second"):
                if is_date and not has_date:
                    fields[name] = value
            else:
                fields.setdefault(name, value.strip())
        has_date = has_date or is_date
    return fields


def _counterpart(written: str) -> str:
    try:
        return normalise_phone(written) if written else ""
    except InvalidIdentifier:
        return ""


def parse_money_receipt(text: str) -> MoneyReceipt | None:
    """The receipt in a pasted confirmation SMS, or None when no known format reads it."""
    text = " ".join(text.replace("\u2019", "'").split())
    if not text or len(text) > _LONGEST:
        return None
    for entry in _formats():
        if not all(pattern.search(text) for pattern in entry.match):
            continue
        fields = _fields(text, entry)
        if not fields.get("amount") or not fields.get("transaction_id"):
            continue
        return MoneyReceipt(
            provider=entry.provider,
            direction=entry.direction,
            transaction_id=fields["transaction_id"],
            counterpart=_counterpart(fields.get("counterpart", "")),
            counterpart_name=fields.get("counterpart_name", ""),
            amount=_amount(fields["amount"]) or Decimal(0),
            currency="XAF",
            fee=_amount(fields.get("fee")),
            balance=_amount(fields.get("balance")),
            occurred_at=_occurred_at(fields),
            language=entry.language,
            format=entry.id,
            counterpart_raw=fields.get("counterpart", ""),
        )
    return None
