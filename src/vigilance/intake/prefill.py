"""Starting the report form from what a person already told another page (the guidance wizard):
``/report/?category=...&incident_date=...&has_loss=...&channel=...``.

Nothing is trusted: each value must be one the form itself offers, anything else is dropped
without a word, and a pre-filled step is only a suggestion the reporter confirms by sending it.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from vigilance.intake.models import LossChannel

PARAMETERS = ("category", "incident_date", "has_loss", "channel")
EARLIEST = dt.date(2000, 1, 1)


def _date(text: str, today: dt.date) -> str:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return ""
    return day.isoformat() if EARLIEST <= day <= today else ""


def prefill_from_query(
    query: Mapping[str, str], *, categories: Collection[str], today: dt.date
) -> dict[str, dict[str, Any]]:
    """The steps' suggested values, by step (``what``, ``loss``); empty when nothing is usable."""
    what: dict[str, Any] = {}
    category = str(query.get("category", ""))
    if category in categories:
        what["category"] = category
    day = _date(str(query.get("incident_date", "")), today)
    if day:
        what["incident_date"] = day
    loss: dict[str, Any] = {}
    has_loss = str(query.get("has_loss", ""))
    if has_loss in {"yes", "no"}:
        loss["has_loss"] = has_loss == "yes"
        channel = str(query.get("channel", ""))
        if loss["has_loss"] and channel in LossChannel.values:
            loss["channel"] = channel
            loss["currency"] = "XAF"
    return {step: values for step, values in (("what", what), ("loss", loss)) if values}


def is_prefill_query(query: Mapping[str, str]) -> bool:
    return any(name in query for name in PARAMETERS)
