"""The allowed moves of a case's status, as data: a plain function any layer can ask."""

from vigilance.cases.models import CaseStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    CaseStatus.INVESTIGATING: frozenset(
        {CaseStatus.AWAITING_THIRD_PARTY, CaseStatus.REFERRED_TO_PROSECUTOR, CaseStatus.CLOSED}
    ),
    CaseStatus.AWAITING_THIRD_PARTY: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    CaseStatus.REFERRED_TO_PROSECUTOR: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    # Reopening a closed case is its own action, for supervisors, with a reason.
    CaseStatus.CLOSED: frozenset(),
}


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses a case may move to next, in the order of the workflow."""
    allowed = ALLOWED_TRANSITIONS.get(current, frozenset())
    return [status for status in CaseStatus.values if status in allowed]
