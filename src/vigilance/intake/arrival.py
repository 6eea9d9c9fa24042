"""What happens to a new report as it is saved: routing by the rules, and its triage priority.

Both are worked out before the report's number is taken, so that the lock the numbering holds
until the commit covers as little work as possible.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from vigilance.directory.routing import RoutingDecision
from vigilance.directory.selectors import routing_for_report
from vigilance.intake.identifier_reports import reports_naming
from vigilance.intake.models import Report
from vigilance.intake.priority import triage_priority


@dataclass(frozen=True)
class Arrival:
    decision: RoutingDecision
    priority: int


def reports_sharing_identifiers(pairs: Iterable[tuple[str, str]], *, exclude_id: int | None) -> int:
    """How many reports name one of these (type, value) pairs, from the reports kept per
    identifier (``IdentifierReports``: one index probe each, exact up to 1,002 reports per
    identifier, far above what the priority counts)."""
    naming: set[int] = set()
    for report_ids in reports_naming(set(pairs)).values():
        naming.update(report_ids)
    return len(naming - {exclude_id})


def report_arrival(report: Report, identifiers: Iterable[tuple[str, str]]) -> Arrival:
    """Where an unsaved (or requalified) report goes and how urgent it is."""
    decision = routing_for_report(
        category_code=report.category_id, region_code=report.region_id, amount=report.loss_amount
    )
    priority = triage_priority(
        severity=report.category.severity,
        category_code=report.category_id,
        loss_amount=report.loss_amount,
        victim_is_minor=report.victim_is_minor,
        shared_reports=reports_sharing_identifiers(identifiers, exclude_id=report.pk),
    )
    return Arrival(decision=decision, priority=priority)


def arrival_apply(report: Report, arrival: Arrival) -> None:
    """Set the unit, rule and priority on the report (not saved)."""
    rule = arrival.decision.rule
    report.unit = rule.unit if rule else None
    report.routing_rule = rule
    report.priority = arrival.priority


def report_route_and_prioritise(report: Report) -> None:
    """Apply the rules and the priority again to a saved report (after a requalification)."""
    arrival = report_arrival(report, report.identifiers.values_list("type", "value"))
    arrival_apply(report, arrival)
    report.save(update_fields=["unit", "routing_rule", "priority"])
    report.informed_units.set([rule.unit_id for rule in arrival.decision.inform])
