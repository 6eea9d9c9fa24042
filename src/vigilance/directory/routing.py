"""Choosing where a report goes: a plain function over the rules, easy to test on its own."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from vigilance.directory.models import RoutingAction, RoutingRule


@dataclass(frozen=True)
class RoutingDecision:
    rule: RoutingRule | None
    inform: list[RoutingRule] = field(default_factory=list)

    @property
    def unit_id(self) -> int | None:
        return self.rule.unit_id if self.rule else None


def rule_matches(
    rule: RoutingRule, *, category_code: str, region_code: str, amount: Decimal | None
) -> bool:
    if rule.category_id is not None and rule.category_id != category_code:
        return False
    if rule.region_id is not None and rule.region_id != region_code:
        return False
    return rule.min_amount is None or (amount is not None and amount >= rule.min_amount)


def routing_decide(
    rules: Iterable[RoutingRule], *, category_code: str, region_code: str, amount: Decimal | None
) -> RoutingDecision:
    """The first matching assign rule, and every matching inform rule, in ``position`` order."""
    assign: RoutingRule | None = None
    inform: list[RoutingRule] = []
    for rule in sorted(rules, key=lambda rule: (rule.position, rule.pk or 0)):
        if not rule.is_active or not rule_matches(
            rule, category_code=category_code, region_code=region_code, amount=amount
        ):
            continue
        if rule.action == RoutingAction.INFORM:
            inform.append(rule)
        elif assign is None:
            assign = rule
    seen: set[int] = {assign.unit_id} if assign else set()
    unique: list[RoutingRule] = []
    for rule in inform:
        if rule.unit_id not in seen:
            seen.add(rule.unit_id)
            unique.append(rule)
    return RoutingDecision(rule=assign, inform=unique)
