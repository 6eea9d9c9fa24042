"""Where a report goes: ``routing_decide`` as a plain function, then the seeded default rules."""

from decimal import Decimal

import pytest

from vigilance.directory.models import RoutingAction, RoutingRule
from vigilance.directory.routing import routing_decide
from vigilance.directory.selectors import routing_for_report


def rule(
    pk: int,
    position: int,
    unit_id: int,
    *,
    action: str = RoutingAction.ASSIGN,
    category: str | None = None,
    region: str | None = None,
    min_amount: str | None = None,
    is_active: bool = True,
) -> RoutingRule:
    return RoutingRule(
        pk=pk,
        position=position,
        unit_id=unit_id,
        action=action,
        category_id=category,
        region_id=region,
        min_amount=Decimal(min_amount) if min_amount else None,
        is_active=is_active,
    )


RULES = [
    rule(1, 10, 101, category="phishing"),
    rule(2, 11, 102, category="phishing", action=RoutingAction.INFORM),
    rule(3, 20, 103, region="LT"),
    rule(4, 30, 104, min_amount="1000", action=RoutingAction.INFORM),
    rule(5, 1000, 100),
]


def decide(category: str, region: str, amount: str | None = None) -> tuple[int | None, list[int]]:
    decision = routing_decide(
        RULES,
        category_code=category,
        region_code=region,
        amount=Decimal(amount) if amount is not None else None,
    )
    return decision.unit_id, [informed.unit_id for informed in decision.inform]


def test_first_matching_assign_rule_wins() -> None:
    assert decide("phishing", "LT") == (101, [102])


def test_region_rule_when_no_category_rule_matches() -> None:
    assert decide("sextortion", "LT") == (103, [])


def test_unknown_combination_goes_to_the_default() -> None:
    assert decide("sextortion", "CE") == (100, [])


def test_amount_rule_applies_from_its_minimum_on() -> None:
    assert decide("sextortion", "CE", "999.99") == (100, [])
    assert decide("sextortion", "CE", "1000") == (100, [104])
    assert decide("sextortion", "CE", None) == (100, [])


def test_inactive_rules_are_ignored() -> None:
    inactive = [rule(1, 10, 101, category="phishing", is_active=False), rule(5, 1000, 100)]
    decision = routing_decide(inactive, category_code="phishing", region_code="", amount=None)
    assert decision.unit_id == 100


def test_position_orders_the_rules_whatever_their_order_in_the_list() -> None:
    decision = routing_decide(
        list(reversed(RULES)), category_code="phishing", region_code="LT", amount=None
    )
    assert decision.unit_id == 101


def test_an_informed_unit_is_not_repeated_nor_the_assigned_one() -> None:
    rules = [
        rule(1, 10, 101),
        rule(2, 11, 101, action=RoutingAction.INFORM),
        rule(3, 12, 102, action=RoutingAction.INFORM),
        rule(4, 13, 102, action=RoutingAction.INFORM),
    ]
    decision = routing_decide(rules, category_code="x", region_code="", amount=None)
    assert [informed.unit_id for informed in decision.inform] == [102]


def test_no_rule_no_unit() -> None:
    assert routing_decide([], category_code="x", region_code="", amount=None).unit_id is None


def seeded(category: str, region: str, amount: str | None = None) -> tuple[str, list[str]]:
    decision = routing_for_report(
        category_code=category,
        region_code=region,
        amount=Decimal(amount) if amount is not None else None,
    )
    assigned = RoutingRule.objects.select_related("unit").get(pk=decision.rule.pk)  # type: ignore[union-attr]
    informed = RoutingRule.objects.select_related("unit").filter(
        pk__in=[informed.pk for informed in decision.inform]
    )
    return assigned.unit.code, sorted(informed_rule.unit.code for informed_rule in informed)


@pytest.mark.django_db
def test_seeded_child_abuse_goes_to_the_minors_unit_informing_interpol() -> None:
    assert seeded("child_sexual_abuse", "CE") == ("dgsn-minors", ["interpol-ncb-cyber"])


@pytest.mark.django_db
def test_seeded_ransomware_goes_to_the_cirt_informing_the_police() -> None:
    assert seeded("ransomware", "LT") == ("antic-cirt", ["dgsn-cyber"])


@pytest.mark.django_db
def test_seeded_littoral_fraud_goes_to_the_littoral_police_section() -> None:
    assert seeded("mobile_money_fraud", "LT") == ("dgsn-cyber-lt", [])


@pytest.mark.django_db
def test_seeded_losses_of_five_million_inform_the_financial_intelligence_unit() -> None:
    assert seeded("mobile_money_fraud", "LT", "5000000") == ("dgsn-cyber-lt", ["anif-analysis"])
    assert seeded("mobile_money_fraud", "LT", "4999999") == ("dgsn-cyber-lt", [])


@pytest.mark.django_db
def test_seeded_unknown_combination_goes_to_the_default_triage_desk() -> None:
    assert seeded("mobile_money_fraud", "") == ("coord-triage", [])
