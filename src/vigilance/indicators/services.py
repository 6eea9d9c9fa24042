"""Every write on indicators: finding or creating them, analysts' statuses and TLP markings
(counting reports on them is ``linking``)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.core.tlp import Tlp, tlp_rank, tlp_stricter
from vigilance.indicators.models import (
    Indicator,
    IndicatorStatus,
    IndicatorStatusChange,
    IndicatorTlpChange,
)
from vigilance.indicators.warning_list import is_warning_listed


class IndicatorStatusError(ValueError):
    """A status change that cannot be made, with a message for the analyst."""


@dataclass(frozen=True)
class Named:
    """One identifier a report names: its normal form and, for numbers, the provider."""

    type: str
    value: str
    provider: str = ""


def indicators_ensure(items: Iterable[Named]) -> dict[tuple[str, str], Indicator]:
    """The indicators for these values, created where new: two or three index look-ups."""
    wanted = {(item.type, item.value): item for item in items}
    if not wanted:
        return {}
    found = _indicators_by_key(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        Indicator.objects.bulk_create(
            [
                Indicator(
                    type=kind,
                    value=value,
                    provider=wanted[(kind, value)].provider,
                    is_warning_listed=is_warning_listed(kind, value),
                )
                for kind, value in missing
            ],
            ignore_conflicts=True,
        )
        found.update(_indicators_by_key(missing))
    return found


def _indicators_by_key(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Indicator]:
    condition = Q()
    for kind, value in keys:
        condition |= Q(type=kind, value=value)
    return {(row.type, row.value): row for row in Indicator.objects.filter(condition)}


ANALYST_STATUSES = (
    IndicatorStatus.CONFIRMED_FRAUD,
    IndicatorStatus.FALSE_POSITIVE,
    IndicatorStatus.DISPUTED,
    IndicatorStatus.UNVERIFIED,
)


@transaction.atomic
def indicator_set_status(
    *, indicator: Indicator, status: str, reason: str, actor: User | None
) -> IndicatorStatusChange:
    """Record an analyst's decision on an indicator; the history keeps every one."""
    if status not in IndicatorStatus.values:
        raise IndicatorStatusError(_("Unknown status."))
    if not reason.strip():
        raise IndicatorStatusError(_("Say why: the reason is kept in the indicator's history."))
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if locked.status == status:
        raise IndicatorStatusError(_("The indicator already has this status."))
    change = IndicatorStatusChange.objects.create(
        indicator=locked,
        previous_status=locked.status,
        status=status,
        reason=reason.strip(),
        actor=actor,
    )
    locked.status = status
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_at"])
    indicator.status, indicator.status_changed_at = locked.status, locked.status_changed_at
    audit_record(
        actor=actor,
        action="indicator.status_changed",
        object_type="indicator",
        object_id=locked.pk,
        details={"from": change.previous_status, "to": status},
    )
    return change


@transaction.atomic
def indicator_confirm_fraud(
    *, type: str, value: str, reason: str, tlp_ceiling: str, actor: User
) -> Indicator:
    """List a value as confirmed fraud on what another source said (a partner's import, for the
    exchange): the indicator is created if missing, the decision kept in its history, and its
    marking narrowed to ``tlp_ceiling`` if it was wider (never widened)."""
    indicator = indicators_ensure([Named(type=type, value=value)])[(type, value)]
    if indicator.is_warning_listed or is_warning_listed(type, value):
        raise IndicatorStatusError(_("A value on the warning list is never listed as fraud."))
    indicator_set_status(
        indicator=indicator, status=IndicatorStatus.CONFIRMED_FRAUD, reason=reason, actor=actor
    )
    narrowed = tlp_stricter(indicator.tlp, tlp_ceiling)
    if narrowed != indicator.tlp:
        indicator.tlp = narrowed
        indicator.save(update_fields=["tlp"])
    return indicator


@transaction.atomic
def indicator_tlp_set(
    *, indicator: Indicator, tlp: str, reason: str, actor: User
) -> IndicatorTlpChange:
    """Mark an indicator with a TLP 2.0 marking, for a reason kept in its history.

    The marking decides where the indicator travels (docs/decisions/0023-tlp-enforced.md): the
    partners' fraud list and the exchange never carry RED, and AMBER+STRICT only to the
    organisation of its provider; the public check never shows a RED or AMBER+STRICT
    confirmation. A confirmed fraud that becomes shareable again counts as changed for the
    partners' list (``since``), so their copies learn it.
    """
    if not can(actor, Permission.ANALYSE_INDICATORS):
        raise NotAllowed(_("Only an analyst may change the marking of an indicator."))
    if tlp not in Tlp.values:
        message = _("Choose a TLP marking.")
        raise InvalidAction(message, {"tlp": [message]})
    reason = reason.strip()
    if not reason:
        message = _("Say why: the reason is kept in the indicator's history.")
        raise InvalidAction(message, {"reason": [message]})
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if locked.tlp == tlp:
        message = _("The indicator already has this marking.")
        raise InvalidAction(message, {"tlp": [message]})
    change = IndicatorTlpChange.objects.create(
        indicator=locked, previous_tlp=locked.tlp, tlp=tlp, reason=reason[:2000], actor=actor
    )
    locked.tlp = tlp
    fields = ["tlp"]
    widened = tlp_rank(tlp) < tlp_rank(change.previous_tlp)
    if widened and locked.status == IndicatorStatus.CONFIRMED_FRAUD:
        locked.status_changed_at = timezone.now()
        fields.append("status_changed_at")
    locked.save(update_fields=fields)
    indicator.tlp, indicator.status_changed_at = locked.tlp, locked.status_changed_at
    audit_record(
        actor=actor,
        action="indicator.tlp_changed",
        object_type="indicator",
        object_id=locked.pk,
        details={"from": change.previous_tlp, "to": tlp},
    )
    return change
