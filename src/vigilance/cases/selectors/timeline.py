"""A case's timeline as its reader reads it: events keep codes (statuses, units, outcomes), and
these are turned into labels in the reader's language when the timeline is shown."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.models import CaseEvent, CasePriority, CaseStatus, Tlp
from vigilance.intake.models import Outcome

_STATUS_CHANGE = re.compile(r"^(?P<before>\w+) → (?P<after>\w+)(?: \((?P<outcome>\w+)\))?$")
_PRIORITY_CHANGE = re.compile(r"^(?P<priority>\d+) · (?P<tlp>\w+)$")


@dataclass(frozen=True)
class TimelineEntry:
    event: CaseEvent
    summary: str

    @property
    def label(self) -> str:
        return str(self.event.get_kind_display())

    @property
    def actor(self) -> User | None:
        return self.event.actor


def _label(choices: type[CaseStatus] | type[Outcome] | type[Tlp], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def status_change_summary(summary: str) -> str:
    """``open → investigating`` (and ``(outcome)`` when closing) in words; other text as is."""
    match = _STATUS_CHANGE.match(summary)
    if match is None:
        return summary
    words = f"{_label(CaseStatus, match['before'])} → {_label(CaseStatus, match['after'])}"
    return f"{words} ({_label(Outcome, match['outcome'])})" if match["outcome"] else words


def priority_change_summary(summary: str) -> str:
    """``3 · amber`` as the priority's and the marking's labels; other text as is."""
    match = _PRIORITY_CHANGE.match(summary)
    if match is None or int(match["priority"]) not in CasePriority.values:
        return summary
    priority = CasePriority(int(match["priority"])).label
    return f"{priority} · {_label(Tlp, match['tlp'])}"


def _recipients(events: list[CaseEvent]) -> dict[str, str]:
    """Names of the units and organisations that events name by code."""
    codes = {
        event.summary
        for event in events
        if event.kind in (CaseEvent.Kind.SHARED, CaseEvent.Kind.UNIT_CHANGED)
    }
    names = {o.code: o.name for o in Organisation.objects.filter(code__in=codes)}
    names.update(
        {u.code: str(u) for u in Unit.objects.filter(code__in=codes).select_related("organisation")}
    )
    return names


def timeline_entries(events: Iterable[CaseEvent]) -> list[TimelineEntry]:
    """The events in order, each with its summary in the active language."""
    events = list(events)
    recipients = _recipients(events)
    shown: dict[str, Callable[[str], str]] = {
        CaseEvent.Kind.STATUS_CHANGED.value: status_change_summary,
        CaseEvent.Kind.PRIORITY_CHANGED.value: priority_change_summary,
        CaseEvent.Kind.SHARED.value: lambda code: recipients.get(code, code),
        CaseEvent.Kind.UNIT_CHANGED.value: lambda code: recipients.get(code, code),
    }
    return [
        TimelineEntry(event=event, summary=shown.get(event.kind, str)(event.summary))
        for event in events
    ]
