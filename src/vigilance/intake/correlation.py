"""Linking a report's sightings to indicators as the report is saved, and analysts' confirmation
of identifiers found in narratives.

Linking is a few index look-ups whatever the size of the tables: the indicators named, whether
this reporter already named them, then one small update per indicator.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.indicators.extraction import extract_identifiers, found_in_receipt
from vigilance.indicators.models import Indicator, IndicatorStatus, Tlp
from vigilance.indicators.receipts import parse_money_receipt
from vigilance.indicators.services import (
    Named,
    indicator_count_sighting,
    indicators_ensure,
    is_linkable,
)
from vigilance.indicators.warning_list import is_warning_listed
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
    seen_at = report.submitted_at or timezone.now()
    if connection.vendor == "postgresql":
        _link_in_one_statement(counted, key=key, category=report.category_id, seen_at=seen_at)
        return
    indicators = indicators_ensure(
        Named(type=s.type, value=s.value, provider=s.provider) for s in counted
    )
    already_named = set(
        Sighting.objects.filter(
            indicator_id__in=[indicator.pk for indicator in indicators.values()], reporter_key=key
        ).values_list("indicator_id", flat=True)
    )
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


def _link_in_one_statement(
    counted: Sequence[Sighting], *, key: str, category: str, seen_at: datetime
) -> None:
    """PostgreSQL: create or count every indicator named, in one round trip.

    Rows are taken in (type, value) order so that concurrent reports lock them in the same
    order. A reporter is new for an indicator unless one of their earlier sightings links it.
    """
    by_key = {(s.type, s.value): s for s in counted}
    rows: list[Any] = []
    for kind, value in sorted(by_key):
        rows += [kind, value, by_key[(kind, value)].provider, IndicatorStatus.UNVERIFIED, Tlp.AMBER]
        rows += [json.dumps([category]), seen_at, seen_at, is_warning_listed(kind, value), seen_at]
    values = ", ".join(["(%s, %s, %s, %s, %s, 1, 1, %s::jsonb, %s, %s, %s, %s)"] * len(by_key))
    sql = _UPSERT.format(
        indicator=Indicator._meta.db_table, sighting=Sighting._meta.db_table, values=values
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rows, key])
        returned = cursor.fetchall()
    cap = settings.INDICATOR_LINK_CAP
    for indicator_id, kind, value, report_count, warning_listed in returned:
        if not warning_listed and report_count <= cap:
            by_key[(kind, value)].indicator_id = indicator_id


_UPSERT = """
INSERT INTO {indicator} AS i (type, value, provider, status, tlp, report_count, reporter_count,
    categories, first_seen, last_seen, is_warning_listed, created_at)
VALUES {values}
ON CONFLICT (type, value) DO UPDATE SET
    report_count = i.report_count + 1,
    reporter_count = i.reporter_count + CASE WHEN EXISTS (
        SELECT 1 FROM {sighting} s WHERE s.indicator_id = i.id AND s.reporter_key = %s
    ) THEN 0 ELSE 1 END,
    first_seen = COALESCE(i.first_seen, EXCLUDED.first_seen),
    last_seen = GREATEST(i.last_seen, EXCLUDED.last_seen),
    categories = CASE WHEN i.categories @> EXCLUDED.categories THEN i.categories
        ELSE i.categories || EXCLUDED.categories END
RETURNING id, type, value, report_count, is_warning_listed
"""


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
    key = reporter_key(report)
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
                reporter_key=key,
            )
        )
    return sightings


def sightings_count_verified(*, report: Report) -> None:
    """The report's reporter has just proved their contact (``contact_verified_at`` is set):
    count its suspects' sightings toward the public status of the values they name."""
