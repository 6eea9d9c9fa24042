"""Routing rules are named in French and English, and shown in the reader's language."""

import pytest
from django.utils import translation

from vigilance.accounts.models import Unit
from vigilance.core import reference
from vigilance.directory.models import RoutingRule

pytestmark = pytest.mark.django_db


def test_a_shipped_rule_answers_in_the_active_language() -> None:
    rule = RoutingRule.objects.get(position=71)
    with translation.override("fr"):
        assert rule.name == "Littoral : section de lutte contre la cybercriminalité (police)"
    with translation.override("en"):
        assert rule.name == "Littoral: police cybercrime section"


def test_naming_gives_shipped_rules_both_names_and_keeps_an_edited_rule_s_own() -> None:
    shipped = RoutingRule.objects.get(position=71)
    edited = RoutingRule.objects.create(
        position=999,
        name_en="Sextortion in the Centre",
        action="assign",
        unit=Unit.objects.get(code="dgsn-cyber-ce"),
    )
    RoutingRule.objects.filter(pk=shipped.pk).update(name_fr="", name_en="Littoral (old name)")

    reference.name_routing_rules(RoutingRule)

    shipped.refresh_from_db()
    edited.refresh_from_db()
    assert shipped.name_fr.startswith("Littoral : section de lutte")
    assert (edited.name_fr, edited.name_en) == ("Sextortion in the Centre",) * 2
