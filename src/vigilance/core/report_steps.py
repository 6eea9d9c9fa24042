"""Steps of a report that an app above intake and cases follows, without them importing it.

The layers let requisitions import cases and intake, never the reverse; yet a report's arrival,
its triage and its entry into a case concern requisitions (a freeze is proposed; the report's
freezes join the case). Requisitions says what it does at each step when it starts
(``RequisitionsConfig.ready``); the service taking the step calls ``report_step_taken``
explicitly, with its actor, inside its transaction. A follower that starts a job defers it
with ``transaction.on_commit`` itself.
"""

from enum import StrEnum
from typing import Protocol


class ReportStep(StrEnum):
    ARRIVED = "arrived"
    TRIAGED = "triaged"
    ENTERED_CASE = "entered_case"


class Follower(Protocol):
    def __call__(
        self, *, report_id: int, actor_id: int | None, case_id: int | None, report: object | None
    ) -> None: ...


_followers: dict[ReportStep, list[Follower]] = {}


def report_step_follow(step: ReportStep, follower: Follower) -> None:
    """Call ``follower`` each time a report takes ``step`` (once, however often registered)."""
    followers = _followers.setdefault(step, [])
    if follower not in followers:
        followers.append(follower)


def report_step_taken(
    step: ReportStep,
    *,
    report_id: int,
    actor_id: int | None,
    case_id: int | None = None,
    report: object | None = None,
) -> None:
    """``report``: the report as the service holds it, if it does, to spare followers a read."""
    for follower in _followers.get(step, []):
        follower(report_id=report_id, actor_id=actor_id, case_id=case_id, report=report)
