"""Linking a report's sightings to indicators as the report is saved, and analysts' confirmation
of identifiers found in narratives.

Linking is a few index look-ups whatever the size of the tables: the indicators named, whether
this reporter already named them, then one small update per indicator.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.indicators.services import (
    Named,
    indicator_count_sighting,
    indicators_ensure,
    is_linkable,
)
from vigilance.intake.models import Report, Sighting, SightingSource


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


def extracted_sightings(report: Report, found: Sequence[tuple[str, str, str]]) -> list[Sighting]:
    """Unsaved, uncounted sightings for (type, value, provider) found in the narrative, leaving
    out what the reporter already typed."""
    typed = {(s.type, s.value) for s in report.identifiers.all()} if report.pk else set()
    return [
        Sighting(
            report=report,
            type=kind,
            value=value,
            raw_value=value,
            provider=provider,
            role="other",
            source=SightingSource.EXTRACTED,
            is_counted=False,
        )
        for kind, value, provider in dict.fromkeys(found)
        if (kind, value) not in typed
    ]
