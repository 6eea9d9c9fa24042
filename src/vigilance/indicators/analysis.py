"""What analysts change besides an indicator's status: the warning list, disputes, and
indicators created from early warnings. Each write checks the role and is audited.

A warning-list entry also marks the indicators it matches (``Indicator.is_warning_listed``), so
that linking reports reads one column; removing it re-marks only what another entry still covers.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators.models import (
    Dispute,
    Indicator,
    IndicatorStatus,
    IndicatorStatusChange,
    WarningListEntry,
)
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, normalise
from vigilance.indicators.services import (
    IndicatorStatusError,
    Named,
    indicator_set_status,
    indicators_ensure,
)
from vigilance.indicators.warning_list import warning_list_changed


def require_analyst(actor: User) -> None:
    """Only analysts act on indicators; anyone else is answered as if nothing were there."""
    if not can(actor, Permission.ANALYSE_INDICATORS):
        raise NotFound


def _invalid(field: str, message: str) -> InvalidAction:
    return InvalidAction(message, {field: [message]})


def _matching(kind: str, value: str, is_suffix: bool) -> QuerySet[Indicator]:
    """The indicators an entry covers; suffixes apply to domains only, as in ``is_warning_listed``."""
    if is_suffix:
        return Indicator.objects.filter(
            Q(value=value) | Q(value__endswith="." + value), type="domain"
        )
    return Indicator.objects.filter(type=kind, value=value)


def _overlaps(entry: WarningListEntry, other: WarningListEntry) -> bool:
    if entry.type != other.type:
        return False
    if not entry.is_suffix and not other.is_suffix:
        return entry.value == other.value
    a, b = entry.value, other.value
    return a == b or a.endswith("." + b) or b.endswith("." + a)


@transaction.atomic
def warning_list_add(
    *, actor: User, type: str, value: str, is_suffix: bool, reason: str
) -> WarningListEntry:
    """Put a value on the warning list (normalised first) and mark the indicators it covers."""
    require_analyst(actor)
    if type not in TYPES:
        raise _invalid("type", _("Unknown type of identifier."))
    try:
        normalised = normalise(type, value)
    except InvalidIdentifier as error:
        raise _invalid("value", str(error)) from error
    type, normal = normalised.type, normalised.value
    if is_suffix and type != "domain":
        raise _invalid("is_suffix", _("Only a domain can cover the domains under it."))
    if not reason.strip():
        raise _invalid("reason", _("Say why this value must never link reports."))
    if WarningListEntry.objects.filter(type=type, value=normal).exists():
        raise _invalid("value", _("This value is already on the warning list."))
    entry = WarningListEntry.objects.create(
        type=type, value=normal, is_suffix=is_suffix, reason=reason.strip()[:300], created_by=actor
    )
    marked = _matching(entry.type, entry.value, entry.is_suffix).update(is_warning_listed=True)
    audit_record(
        actor=actor,
        action="warning_list.added",
        object_type="warning_list_entry",
        object_id=entry.pk,
        details={"type": type, "value": normal, "is_suffix": is_suffix, "indicators": marked},
    )
    transaction.on_commit(warning_list_changed)
    return entry


@transaction.atomic
def warning_list_remove(*, actor: User, entry: WarningListEntry) -> None:
    """Take an entry off the list; indicators it covered link reports again unless another
    entry still covers them. Reports already filed are not re-linked (see the correlation note)."""
    require_analyst(actor)
    locked = WarningListEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:
        raise NotFound
    entry_id = locked.pk
    locked.delete()
    _matching(locked.type, locked.value, locked.is_suffix).update(is_warning_listed=False)
    for other in WarningListEntry.objects.filter(type=locked.type):
        if _overlaps(locked, other):
            _matching(other.type, other.value, other.is_suffix).update(is_warning_listed=True)
    audit_record(
        actor=actor,
        action="warning_list.removed",
        object_type="warning_list_entry",
        object_id=entry_id,
        details={"type": locked.type, "value": locked.value, "is_suffix": locked.is_suffix},
    )
    transaction.on_commit(warning_list_changed)


class DisputeDecision:
    UPHOLD = "uphold"
    REJECT = "reject"
    CHOICES = (UPHOLD, REJECT)


@transaction.atomic
def dispute_decide(*, actor: User, dispute: Dispute, decision: str, note: str) -> Dispute:
    """Decide an open dispute. Upheld: the indicator becomes a false positive, with the note as
    the reason. Rejected: the indicator keeps (or, if it was only disputed, gets back) its status."""
    require_analyst(actor)
    if decision not in DisputeDecision.CHOICES:
        raise _invalid("decision", _("Choose to uphold or to reject the dispute."))
    if not note.strip():
        raise _invalid("note", _("Say why: the note is kept with the decision."))
    locked = Dispute.objects.select_for_update().filter(pk=dispute.pk).first()
    if locked is None:
        raise NotFound
    if locked.state != Dispute.State.OPEN:
        raise InvalidAction(_("This dispute has already been decided."))
    indicator = locked.indicator
    note = note.strip()
    if decision == DisputeDecision.UPHOLD:
        if indicator.status != IndicatorStatus.FALSE_POSITIVE:
            _set_status(indicator, IndicatorStatus.FALSE_POSITIVE, note, actor)
        locked.state = Dispute.State.UPHELD
    else:
        locked.state = Dispute.State.REJECTED
        _restore_after_dispute(indicator, locked, note, actor)
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action=f"dispute.{locked.state}",
        object_type="dispute",
        object_id=locked.pk,
        details={"indicator": indicator.pk, "status": indicator.status},
    )
    dispute.state = locked.state
    return locked


def _set_status(indicator: Indicator, status: str, reason: str, actor: User) -> None:
    try:
        indicator_set_status(indicator=indicator, status=status, reason=reason, actor=actor)
    except IndicatorStatusError as error:
        raise _invalid("note", str(error)) from error


def _restore_after_dispute(indicator: Indicator, dispute: Dispute, note: str, actor: User) -> None:
    """A rejected dispute ends the "disputed" status it caused, unless another one is open."""
    if indicator.status != IndicatorStatus.DISPUTED:
        return
    if indicator.disputes.filter(state=Dispute.State.OPEN).exclude(pk=dispute.pk).exists():
        return
    before = (
        IndicatorStatusChange.objects.filter(indicator=indicator, status=IndicatorStatus.DISPUTED)
        .order_by("-created_at", "-id")
        .values_list("previous_status", flat=True)
        .first()
    )
    _set_status(indicator, before or IndicatorStatus.UNVERIFIED, note, actor)


@transaction.atomic
def indicator_create_from_lookup(*, actor: User, type: str, value: str) -> Indicator:
    """Create the indicator of a value the public checks often, so analysts can follow it."""
    require_analyst(actor)
    if type not in TYPES:
        raise _invalid("type", _("Unknown type of identifier."))
    try:
        normalised = normalise(type, value)
    except InvalidIdentifier as error:
        raise _invalid("value", str(error)) from error
    named = Named(type=normalised.type, value=normalised.value, provider=normalised.provider)
    indicator = indicators_ensure([named])[(named.type, named.value)]
    audit_record(
        actor=actor,
        action="indicator.created",
        object_type="indicator",
        object_id=indicator.pk,
        details={"type": indicator.type, "source": "early_warning"},
    )
    return indicator
