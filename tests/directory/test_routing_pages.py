"""Routing-rule pages: only for people allowed to edit routing, every change audited, the default
rule protected, and a form that tells where a report would go."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.directory import services
from vigilance.directory.models import RoutingAction, RoutingRule

pytestmark = pytest.mark.django_db

RULES = "/en/staff/routing/"


@pytest.fixture
def admin_client(administrator_user: User) -> Client:
    return personas.signed_in_client(administrator_user)


def default_rule() -> RoutingRule:
    return RoutingRule.objects.get(category=None, region=None, min_amount=None)


def form_of(rule: RoutingRule, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "position": rule.position,
        "name_fr": rule.name_fr,
        "name_en": rule.name_en,
        "action": rule.action,
        "category": rule.category_id or "",
        "region": rule.region_id or "",
        "min_amount": rule.min_amount if rule.min_amount is not None else "",
        "unit": rule.unit_id,
        "is_active": "on" if rule.is_active else "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["supervisor_police", "auditor", "triage_officer"])
def test_routing_pages_are_404_for_others(persona: str) -> None:
    client = personas.signed_in_client(personas.persona(persona))
    assert client.get(RULES).status_code == 404
    assert client.get(f"{RULES}new/").status_code == 404
    assert client.post(f"{RULES}{default_rule().pk}/deactivate/").status_code == 404


def test_rules_are_listed_in_order(admin_client: Client) -> None:
    html = admin_client.get(RULES).content.decode()
    first = html.index("Child sexual abuse: online child protection squad")
    last = html.index("Default: triage and routing desk")
    assert first < last


def test_adding_a_rule_is_audited(admin_client: Client) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-ce")
    response = admin_client.post(
        f"{RULES}new/",
        {
            "position": 65,
            "name_fr": "Sextorsion dans le Centre",
            "name_en": "Sextortion in the Centre",
            "action": RoutingAction.ASSIGN,
            "category": "sextortion",
            "region": "CE",
            "min_amount": "",
            "unit": unit.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.get(name_en="Sextortion in the Centre")
    event = AuditEvent.objects.get(action="routing_rule.created")
    assert event.object_id == str(rule.pk)
    assert event.details["unit"] == "dgsn-cyber-ce"


def test_editing_a_rule_is_audited_with_what_changed(admin_client: Client) -> None:
    rule = RoutingRule.objects.get(region="LT")
    other = Unit.objects.get(code="dgsn-cyber")
    response = admin_client.post(f"{RULES}{rule.pk}/", form_of(rule, unit=other.pk))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.unit == other
    event = AuditEvent.objects.get(action="routing_rule.updated")
    assert event.details == {"unit": {"before": "dgsn-cyber-lt", "after": "dgsn-cyber"}}


def test_deactivating_a_rule_is_audited(admin_client: Client) -> None:
    rule = RoutingRule.objects.get(region="LT")
    assert admin_client.post(f"{RULES}{rule.pk}/deactivate/").status_code == 302
    rule.refresh_from_db()
    assert not rule.is_active
    assert AuditEvent.objects.filter(action="routing_rule.deactivated").count() == 1


def test_the_default_rule_cannot_be_deactivated(admin_client: Client) -> None:
    rule = default_rule()
    response = admin_client.post(f"{RULES}{rule.pk}/deactivate/", follow=True)
    assert "There must always be an active default rule" in response.content.decode()
    rule.refresh_from_db()
    assert rule.is_active
    assert not AuditEvent.objects.filter(action__startswith="routing_rule.").exists()


def test_the_default_rule_cannot_get_a_condition_nor_be_switched_off(
    admin_client: Client,
) -> None:
    rule = default_rule()
    for change in ({"region": "CE"}, {"is_active": ""}, {"action": RoutingAction.INFORM}):
        response = admin_client.post(f"{RULES}{rule.pk}/", form_of(rule, **change))
        assert response.status_code == 400
        assert "There must always be an active default rule" in response.content.decode()
    rule.refresh_from_db()
    assert rule.is_active
    assert rule.region_id is None
    assert rule.action == RoutingAction.ASSIGN


def test_a_default_rule_can_go_once_another_exists(administrator_user: User) -> None:
    old = default_rule()
    services.routing_rule_create(
        actor=administrator_user,
        position=2000,
        name_fr="Nouvelle règle par défaut",
        name_en="New default",
        action=RoutingAction.ASSIGN,
        unit=Unit.objects.get(code="coord-supervision"),
    )
    services.routing_rule_deactivate(actor=administrator_user, rule=old)
    old.refresh_from_db()
    assert not old.is_active


def test_the_test_form_tells_the_unit_and_the_informed_units(admin_client: Client) -> None:
    response = admin_client.get(
        RULES, {"category": "child_sexual_abuse", "region": "LT", "amount": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    result = html[html.index('id="test-result"') :]
    assert Unit.objects.get(code="dgsn-minors").name_en in result
    assert Unit.objects.get(code="interpol-ncb-cyber").name_en in result


def test_the_test_form_refuses_a_missing_category(admin_client: Client) -> None:
    response = admin_client.get(RULES, {"category": "", "region": "LT"})
    assert response.status_code == 400
    assert 'id="test-result"' not in response.content.decode()
