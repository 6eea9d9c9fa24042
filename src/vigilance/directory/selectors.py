"""Reads of the directory: the routing decision for a new report, the rules for their editors."""

from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from vigilance.core.errors import NotFound
from vigilance.core.prepared import prepared_execute
from vigilance.directory.models import RoutingRule
from vigilance.directory.routing import RoutingDecision, routing_decide


def routing_rule_list() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("category", "region", "unit__organisation")


# Any change to the rules changes one of these: a rule added or deleted the count, a rule edited
# through the services (``save`` sets ``updated_at``) the latest time.
_RULES_VERSION = "SELECT count(*), max(updated_at) FROM directory_routingrule"
_cached_rules: tuple[object, list[RoutingRule]] = (None, [])


def _routing_rules() -> list[RoutingRule]:
    """Every rule, kept by the process while the rules are unchanged: each report asks one
    small question of the database instead of loading the rules again."""
    global _cached_rules
    with connection.cursor() as cursor:
        prepared_execute(cursor, _RULES_VERSION)
        version = cursor.fetchone()
    cached_version, rules = _cached_rules
    if version != cached_version:
        # With their units, whose codes are permanent: the report's audit event names its unit.
        rules = list(RoutingRule.objects.select_related("unit"))
        _cached_rules = (version, rules)
    return rules


def routing_for_report(
    *, category_code: str, region_code: str, amount: Decimal | None
) -> RoutingDecision:
    """Where a report of this category, region and loss goes, by the active rules."""
    return routing_decide(
        _routing_rules(), category_code=category_code, region_code=region_code, amount=amount
    )


def routing_rule_get(*, rule_id: int) -> RoutingRule:
    rule = routing_rule_list().filter(pk=rule_id).first()
    if rule is None:
        raise NotFound
    return rule
