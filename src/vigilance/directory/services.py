"""Every write on the routing rules, each audited with its actor.

There must always be an active default rule (send to a unit, with no condition): a change that
would leave none is refused, so that every new report always gets a unit.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.core.models import OffenceCategory, Region
from vigilance.directory.models import RoutingAction, RoutingRule


def _require_editor(actor: User) -> None:
    if not can(actor, Permission.MANAGE_ROUTING):
        raise NotFound


def _snapshot(rule: RoutingRule) -> dict[str, Any]:
    return {
        "position": rule.position,
        "name_fr": rule.name_fr,
        "name_en": rule.name_en,
        "action": rule.action,
        "category": rule.category_id or "",
        "region": rule.region_id or "",
        "min_amount": str(rule.min_amount) if rule.min_amount is not None else "",
        "unit": rule.unit.code,
        "is_active": rule.is_active,
    }


def _require_a_default_rule() -> None:
    has_default = RoutingRule.objects.filter(
        is_active=True,
        action=RoutingAction.ASSIGN,
        category__isnull=True,
        region__isnull=True,
        min_amount__isnull=True,
    ).exists()
    if not has_default:
        raise InvalidAction(
            _(
                "There must always be an active default rule (send to a unit, with no "
                "condition): every report needs a unit. Keep this one, or add another default "
                "rule first."
            )
        )


def _require_unit(unit: Unit) -> None:
    if not unit.is_active:
        message = _("This unit is closed: choose an active unit.")
        raise InvalidAction(message, {"unit": [message]})


@transaction.atomic
def routing_rule_create(
    *,
    actor: User,
    position: int,
    name_fr: str,
    name_en: str,
    action: str,
    unit: Unit,
    category: OffenceCategory | None = None,
    region: Region | None = None,
    min_amount: Decimal | None = None,
    is_active: bool = True,
) -> RoutingRule:
    _require_editor(actor)
    _require_unit(unit)
    rule = RoutingRule.objects.create(
        position=position,
        name_fr=name_fr.strip(),
        name_en=name_en.strip(),
        action=action,
        unit=unit,
        category=category,
        region=region,
        min_amount=min_amount,
        is_active=is_active,
    )
    audit_record(
        actor=actor,
        action="routing_rule.created",
        object_type="routing_rule",
        object_id=rule.pk,
        details=_snapshot(rule),
    )
    return rule


@transaction.atomic
def routing_rule_update(
    *,
    actor: User,
    rule: RoutingRule,
    position: int,
    name_fr: str,
    name_en: str,
    action: str,
    unit: Unit,
    category: OffenceCategory | None = None,
    region: Region | None = None,
    min_amount: Decimal | None = None,
    is_active: bool = True,
) -> RoutingRule:
    """Change a rule; refused if no active default rule would remain."""
    _require_editor(actor)
    rule = RoutingRule.objects.select_for_update().select_related("unit").get(pk=rule.pk)
    if unit.pk != rule.unit_id:
        _require_unit(unit)
    before = _snapshot(rule)
    rule.position, rule.action, rule.unit = position, action, unit
    rule.name_fr, rule.name_en = name_fr.strip(), name_en.strip()
    rule.category, rule.region, rule.min_amount = category, region, min_amount
    rule.is_active = is_active
    rule.save()
    _require_a_default_rule()
    after = _snapshot(rule)
    audit_record(
        actor=actor,
        action="routing_rule.updated",
        object_type="routing_rule",
        object_id=rule.pk,
        details={
            key: {"before": before[key], "after": after[key]}
            for key in after
            if before[key] != after[key]
        },
    )
    return rule


@transaction.atomic
def routing_rule_deactivate(*, actor: User, rule: RoutingRule) -> RoutingRule:
    """Stop using a rule (kept for the record); the last default rule cannot be deactivated."""
    _require_editor(actor)
    rule = RoutingRule.objects.select_for_update().select_related("unit").get(pk=rule.pk)
    if not rule.is_active:
        return rule
    rule.is_active = False
    rule.save(update_fields=["is_active", "updated_at"])
    _require_a_default_rule()
    audit_record(
        actor=actor,
        action="routing_rule.deactivated",
        object_type="routing_rule",
        object_id=rule.pk,
        details=_snapshot(rule),
    )
    return rule
