"""What happens to a new report as it is saved: routing by the rules, and its triage priority."""

from django.db.models import Q

from vigilance.directory.selectors import routing_for_report
from vigilance.intake.models import Report, ReportIdentifier
from vigilance.intake.priority import triage_priority


def reports_sharing_identifiers(report: Report) -> int:
    """How many other reports name one of this report's identifiers (index look-ups, no scan)."""
    pairs = list(report.identifiers.values_list("type", "value"))
    if not pairs:
        return 0
    condition = Q()
    for kind, value in pairs:
        condition |= Q(type=kind, value=value)
    return (
        ReportIdentifier.objects.filter(condition)
        .exclude(report_id=report.pk)
        .values("report_id")
        .distinct()
        .count()
    )


def report_route_and_prioritise(report: Report) -> None:
    """Apply the routing rules and compute the priority; called inside the submit transaction."""
    decision = routing_for_report(
        category_code=report.category_id, region_code=report.region_id, amount=report.loss_amount
    )
    report.unit_id = decision.unit_id
    report.routing_rule = decision.rule
    report.priority = triage_priority(
        severity=report.category.severity,
        category_code=report.category_id,
        loss_amount=report.loss_amount,
        victim_is_minor=report.victim_is_minor,
        shared_reports=reports_sharing_identifiers(report),
    )
    report.save(update_fields=["unit", "routing_rule", "priority"])
    if decision.inform:
        report.informed_units.set([rule.unit_id for rule in decision.inform])
