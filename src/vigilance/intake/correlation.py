"""Linking a report's sightings to indicators as the report is saved, and analysts' confirmation
of identifiers found in narratives.

Linking is a few index look-ups whatever the size of the tables: the indicators named, whether
this reporter already named them, then one small update per indicator.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.indicators.extraction import extract_identifiers, found_in_receipt
from vigilance.indicators.receipts import parse_money_receipt
from vigilance.indicators.services import (
    Named,
    indicator_count_sighting,
    indicators_ensure,
    is_linkable,
)
from vigilance.intake.models import IdentifierRole, Report, Sighting, SightingSource


def reporter_key(report: Report) -> str:
    """Who reported, as a keyed hash: one person counts once per indicator, however often they
    report it. A report without contact details counts as its own reporter."""
    contact = report.reporter_phone or report.reporter_email.lower()
    subject = f"contact:{contact}" if contact else f"report:{report.reference}"
    return salted_hmac("intake.sighting.reporter", subject).hexdigest()


def sightings_link(*, report: Report, sightings: Sequence[Sighting]) -> None:
    """Link unsaved, counted sightings of a saved report to their indicators and count them."""
    counted = [sighting for sighting in sightings if sighting.is_counted]
    key = reporter_key(report)
    for sighting in sightings:
        sighting.reporter_key = key
    if not counted:
        return
    indicators = indicators_ensure(
        Named(type=s.type, value=s.value, provider=s.provider) for s in counted
    )
    already_named = set(
        Sighting.objects.filter(
            indicator_id__in=[indicator.pk for indicator in indicators.values()], reporter_key=key
        ).values_list("indicator_id", flat=True)
    )
    seen_at = report.submitted_at or timezone.now()
    for sighting in counted:
        indicator = indicators[(sighting.type, sighting.value)]
        if is_linkable(indicator):
            sighting.indicator = indicator
        indicator_count_sighting(
            indicator=indicator,
            is_new_reporter=indicator.pk not in already_named,
            category=report.category_id,
            seen_at=seen_at,
        )


@transaction.atomic
def sighting_confirm(*, sighting: Sighting, actor: User) -> Sighting:
    """An analyst confirms an identifier found in a narrative: it now counts and links."""
    locked = Sighting.objects.select_for_update().select_related("report").get(pk=sighting.pk)
    if locked.is_counted:
        return locked
    locked.is_counted = True
    sightings_link(report=locked.report, sightings=[locked])
    locked.save(update_fields=["is_counted", "indicator", "reporter_key"])
    audit_record(
        actor=actor,
        action="sighting.confirmed",
        object_type="report",
        object_id=locked.report.reference,
        details={"type": locked.type, "sighting": locked.pk},
    )
    return locked


MAX_FOUND_IN_TEXT = 30
# In a receipt of money sent or paid, the other party is the one the victim paid.
_PAID_DIRECTIONS = ("sent", "payment")


@dataclass(frozen=True)
class FoundIdentifier:
    type: str
    value: str
    provider: str = ""
    role: str = IdentifierRole.OTHER


def found_in_report_text(report: Report) -> list[FoundIdentifier]:
    """Identifiers written in the narrative and in the pasted payment SMS, in that order."""
    found = [
        FoundIdentifier(item.type, item.value, item.provider)
        for item in extract_identifiers(report.description)
    ]
    receipt = parse_money_receipt(report.loss_receipt) if report.loss_receipt else None
    if receipt is not None:
        role = IdentifierRole.SUSPECT if receipt.direction in _PAID_DIRECTIONS else "other"
        found = [
            FoundIdentifier(item.type, item.value, item.provider, role)
            for item in found_in_receipt(receipt)
        ] + found
    return found


def extracted_sightings(
    report: Report, found: Sequence[FoundIdentifier], *, typed: Sequence[Sighting] | None = None
) -> list[Sighting]:
    """Unsaved, uncounted sightings for identifiers found in a report's text, leaving out what
    the reporter typed and their own contact details; at most MAX_FOUND_IN_TEXT."""
    known = {(s.type, s.value) for s in (report.identifiers.all() if typed is None else typed)}
    known |= {("phone", report.reporter_phone), ("email", report.reporter_email.lower())}
    sightings: list[Sighting] = []
    for item in found:
        if (item.type, item.value) in known or len(sightings) >= MAX_FOUND_IN_TEXT:
            continue
        known.add((item.type, item.value))
        sightings.append(
            Sighting(
                report=report,
                type=item.type,
                value=item.value,
                raw_value=item.value,
                provider=item.provider,
                role=item.role,
                source=SightingSource.EXTRACTED,
                is_counted=False,
                reporter_key=reporter_key(report),
            )
        )
    return sightings
