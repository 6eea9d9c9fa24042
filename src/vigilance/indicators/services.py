"""Every write on indicators: finding or creating them, counting sightings, analysts' statuses."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.indicators.models import Indicator, IndicatorStatus, IndicatorStatusChange
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


def indicator_count_sighting(
    *, indicator: Indicator, is_new_reporter: bool, category: str, seen_at: datetime
) -> None:
    """Add one counted report (and reporter, when new) to an indicator's figures."""
    changes: dict[str, object] = {
        "report_count": F("report_count") + 1,
        "last_seen": seen_at,
    }
    if is_new_reporter:
        changes["reporter_count"] = F("reporter_count") + 1
    if indicator.first_seen is None:
        changes["first_seen"] = seen_at
    if category and category not in indicator.categories:
        changes["categories"] = [*indicator.categories, category][-20:]
    Indicator.objects.filter(pk=indicator.pk).update(**changes)


def is_linkable(indicator: Indicator) -> bool:
    """Whether one more report may be linked to this indicator (warning list and cap)."""
    return not indicator.is_warning_listed and indicator.report_count < settings.INDICATOR_LINK_CAP


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
