"""Reads of the directory: the routing decision for a new report, the rules for their editors."""

from decimal import Decimal

from django.db.models import QuerySet

from vigilance.core.errors import NotFound
from vigilance.directory.models import RoutingRule
from vigilance.directory.routing import RoutingDecision, routing_decide


def routing_rule_list() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("category", "region", "unit__organisation")


def routing_for_report(
    *, category_code: str, region_code: str, amount: Decimal | None
) -> RoutingDecision:
    """Where a report of this category, region and loss goes, by the active rules."""
    rules = RoutingRule.objects.filter(is_active=True).only(
        "id", "position", "action", "category_id", "region_id", "min_amount", "unit_id", "is_active"
    )
    return routing_decide(
        rules, category_code=category_code, region_code=region_code, amount=amount
    )


def routing_rule_get(*, rule_id: int) -> RoutingRule:
    rule = routing_rule_list().filter(pk=rule_id).first()
    if rule is None:
        raise NotFound
    return rule
