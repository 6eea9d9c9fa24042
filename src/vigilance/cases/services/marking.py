"""A case's TLP marking bounds who it may be shared with (docs/decisions/0023-tlp-enforced.md).

TLP:CLEAR, GREEN and AMBER: any unit, organisation or person the owner names for a need to know
(AMBER's "need to know" is the share itself). TLP:AMBER+STRICT: only units and people of the
organisation owning the case (its owning unit's). TLP:RED: only named units or people of that
organisation, never a whole organisation. A share the marking does not allow is refused, and
when the marking narrows or the case moves to another organisation, the shares it no longer
allows are revoked at once, each written in the timeline and the audit trail.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import Organisation, Unit, User
from vigilance.audit.services import audit_record
from vigilance.cases.models import Case, CaseEvent, CaseShare, Tlp
from vigilance.cases.services.lifecycle import case_event_add
from vigilance.core.errors import InvalidAction
from vigilance.core.tlp import tlp_may_share_case


def _recipient_organisation_id(
    unit: Unit | None, organisation: Organisation | None, user: User | None
) -> int | None:
    if unit is not None:
        return unit.organisation_id
    if organisation is not None:
        return organisation.pk
    return user.organisation_id if user is not None else None


def share_within_marking(
    case: Case,
    *,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    user: User | None = None,
) -> bool:
    """Whether the case's marking lets it be shared with this one recipient."""
    owner = case.owning_unit.organisation_id
    recipient = _recipient_organisation_id(unit, organisation, user)
    return tlp_may_share_case(
        case.tlp,
        same_organisation=recipient is not None and recipient == owner,
        is_named=organisation is None,
    )


def require_share_within_marking(
    case: Case,
    *,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    user: User | None = None,
) -> None:
    """InvalidAction, naming the rule, when the marking does not allow this recipient."""
    if share_within_marking(case, unit=unit, organisation=organisation, user=user):
        return
    owner = case.owning_unit.organisation.name
    if case.tlp == Tlp.RED:
        message = _(
            "A TLP:RED case is shared only with named units or people of %(organisation)s."
        ) % {"organisation": owner}
    else:
        message = _("A TLP:AMBER+STRICT case is shared only within %(organisation)s.") % {
            "organisation": owner
        }
    raise InvalidAction(message, {"recipient": [message]})


def shares_revoke_outside_marking(*, case: Case, actor: User) -> list[CaseShare]:
    """Revoke the active shares the case's current marking and owner no longer allow."""
    active = CaseShare.objects.select_related("unit", "organisation", "user").filter(
        case=case, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    outside = [
        share
        for share in active
        if not share_within_marking(
            case, unit=share.unit, organisation=share.organisation, user=share.user
        )
    ]
    now = timezone.now()
    for share in outside:
        share.revoked_at = now
        share.save(update_fields=["revoked_at"])
        case_event_add(
            case=case, kind=CaseEvent.Kind.SHARE_REVOKED, actor=actor, summary=str(share.pk)
        )
        audit_record(
            actor=actor,
            action="case.share_revoked",
            object_type="case",
            object_id=case.number,
            details={"share": share.pk, "tlp": case.tlp},
        )
    return outside
