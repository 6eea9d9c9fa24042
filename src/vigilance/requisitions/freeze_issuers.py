"""Who keeps a wallet or an account, and which reports may propose a freeze: reference data
(``data/freeze_issuers.json``), read by plain functions with no database access.

Supporting a new mobile-money provider or a bank is adding a line there, not code.
"""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "freeze_issuers.json"

# A CEMAC RIB starts with the bank's five digits; an IBAN with CCkk then the same five digits.
_BANK_CODE = re.compile(r"^(?:[A-Z]{2}[0-9]{2})?([0-9]{5})")


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def may_propose(*, category_group: str, loss_channel: str) -> bool:
    """A fraud whose money went through a channel a freeze can reach (or an unsaid channel:
    a payment SMS or a wallet named in the report then tells)."""
    data = _data()
    return category_group in data["category_groups"] and (
        not loss_channel or loss_channel in data["loss_channels"]
    )


def issuer_codes_for_provider(provider: str) -> list[str]:
    """Organisation codes that may keep a wallet of ``provider``, the preferred first."""
    codes: list[str] = _data()["providers"].get(provider, [])
    return codes


def issuer_codes_for_bank_account(account: str) -> list[str]:
    """The bank keeping a normalised RIB or IBAN, by its bank code; none when unknown."""
    match = _BANK_CODE.match(account)
    code = _data()["bank_codes"].get(match.group(1)) if match else None
    return [code] if code else []
