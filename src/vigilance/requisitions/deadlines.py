"""How long a partner has to answer, per kind and urgency, from the app's reference data."""

import datetime as dt
import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "deadlines.json"


@cache
def _hours() -> dict[str, dict[str, int]]:
    hours: dict[str, dict[str, int]] = json.loads(DATA.read_text(encoding="utf-8"))["hours"]
    return hours


def answer_within(*, kind: str, urgency: str) -> dt.timedelta:
    return dt.timedelta(hours=_hours()[kind][urgency])


def deadline_for(*, kind: str, urgency: str, sent_at: dt.datetime) -> dt.datetime:
    return sent_at + answer_within(kind=kind, urgency=urgency)


def reminder_due_at(
    *, sent_at: dt.datetime, deadline: dt.datetime, before: dt.timedelta | None = None
) -> dt.datetime:
    """When the addressee is reminded: ``before`` the deadline, but never in the first half of
    the time given (a reminder on arrival would say nothing); without ``before``, at half time."""
    half = (deadline - sent_at) / 2
    return deadline - (half if before is None else min(before, half))
