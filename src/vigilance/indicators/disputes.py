"""The owner's side of a dispute: someone says a number or account reported as a scam is theirs
and was wrongly reported. An analyst decides (elsewhere); filing a dispute changes no status,
so that a scammer cannot clear or soften their own number's answer by filing one. Each dispute
has a short reference ("CTS-7KQ2-M9XD") the owner quotes when they call or write.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.indicators.lookup import PublicStatus, public_status
from vigilance.indicators.models import Dispute, Indicator
from vigilance.indicators.normalise import InvalidIdentifier, normalise

MAX_STATEMENT = 5_000
# What the owner is told: an analyst answers within this many working days.
REVIEW_WORKING_DAYS = 10


class DisputeInvalid(InvalidAction):
    """A dispute that cannot be filed; ``fields`` names the fields at fault."""


def dispute_contact_normalise(contact: str) -> str:
    """A phone number (E.164) or an e-mail address (normal form) to answer the owner on."""
    kind = "email" if "@" in contact else "phone"
    try:
        return normalise(kind, contact).value
    except InvalidIdentifier as error:
        raise DisputeInvalid(str(error), {"contact": [str(error)]}) from error


def disputable_indicator(*, type: str, value: str) -> Indicator | None:
    """The indicator behind this value, only if the public check shows it as reported."""
    try:
        normalised = normalise(type, value)
    except InvalidIdentifier:
        return None
    indicator = Indicator.objects.filter(type=normalised.type, value=normalised.value).first()
    if indicator is None:
        return None
    shown = public_status(
        type=indicator.type,
        value=indicator.value,
        status=indicator.status,
        verified_reporter_count=indicator.verified_reporter_count,
        is_warning_listed_row=indicator.is_warning_listed,
        tlp=indicator.tlp,
    )
    return indicator if shown != PublicStatus.NOT_REPORTED else None


@transaction.atomic
def dispute_submit(
    *,
    type: str,
    value: str,
    name: str,
    contact: str,
    statement: str,
    language: str,
) -> Dispute:
    """File the owner's dispute of a reported value, for an analyst to decide.

    The same owner filing again while their dispute is open gets that dispute back, not a copy.
    """
    indicator = disputable_indicator(type=type, value=value)
    if indicator is None:
        raise DisputeInvalid(
            _("Nobody has reported this to Vigilance: there is nothing to dispute.")
        )
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give your name.")]
    if not statement.strip():
        errors["statement"] = [_("Explain why this number or account was wrongly reported.")]
    elif len(statement) > MAX_STATEMENT:
        errors["statement"] = [
            _("Keep your explanation under %(count)s characters.") % {"count": MAX_STATEMENT}
        ]
    try:
        contact_value = dispute_contact_normalise(contact)
    except DisputeInvalid as error:
        errors.update(error.fields)
        contact_value = ""
    if errors:
        raise DisputeInvalid(_("Some fields are not valid."), errors)
    existing = Dispute.objects.filter(
        indicator=indicator, contact=contact_value, state=Dispute.State.OPEN
    ).first()
    if existing is not None:
        return existing
    dispute = _create_with_reference(
        indicator=indicator,
        name=name.strip()[:200],
        contact=contact_value,
        statement=statement.strip(),
        language="en" if language.startswith("en") else "fr",
    )
    # No name, contact or statement in the trail: the dispute row holds them.
    audit_record(
        actor=None,
        actor_label="public",
        action="dispute.submitted",
        object_type="indicator",
        object_id=indicator.pk,
        details={"dispute": dispute.pk},
    )
    return dispute


def _create_with_reference(**fields: Any) -> Dispute:
    """The dispute, under a reference no other has (drawn again, by the field's default, in the
    rare case it is taken)."""
    tries_left = 5
    while True:
        tries_left -= 1
        try:
            with transaction.atomic():
                return Dispute.objects.create(**fields)
        except IntegrityError:
            if tries_left == 0:
                raise
