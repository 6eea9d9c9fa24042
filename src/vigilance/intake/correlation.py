"""Linking a report's sightings to indicators as the report is saved, counting its verified
reporter toward the public check, and analysts' confirmation of identifiers found in narratives.

Linking is a few index look-ups whatever the size of the tables: whether this reporter already
named the values, then the indicators' own counting (``indicators.linking``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.indicators.extraction import extract_identifiers, found_in_receipt
from vigilance.indicators.linking import (
    Naming,
    indicator_ids,
    indicators_count,
    indicators_count_verified,
)
from vigilance.indicators.receipts import parse_money_receipt
from vigilance.indicators.sites import site_domain
from vigilance.indicators.warning_list import is_warning_listed
from vigilance.intake.identifier_reports import sightings_save
from vigilance.intake.models import Channel, IdentifierRole, Report, Sighting, SightingSource

# Filed by staff who saw or heard the person: they cannot be multiplied for free.
VERIFIED_CHANNELS = (Channel.COUNTER, Channel.PHONE)


def reporter_key(report: Report) -> str:
    """Who reported, as a keyed hash: one person counts once per indicator, however often they
    report it. A report without contact details counts as its own reporter."""
    contact = report.reporter_phone or report.reporter_email.lower()
    subject = f"contact:{contact}" if contact else f"report:{report.reference}"
    return salted_hmac("intake.sighting.reporter", subject).hexdigest()


def verified_reporter_key(report: Report) -> str | None:
    """Who counts on the public check (docs/decisions/0006-public-status.md), as a keyed hash of
    what they proved: the number or address a code or link reached (not another contact of the
    report, which could be invented freely), or for counter and phone filings the contact staff
    took. None when the reporter proved nothing."""
    if report.contact_verified_at is not None:
        proof = (
            report.contact_verifications.filter(used_at__isnull=False).order_by("-used_at").first()
        )
        if proof is not None:
            subject = f"contact:{proof.contact.lower()}"
            return salted_hmac("intake.sighting.reporter", subject).hexdigest()
    if report.channel in VERIFIED_CHANNELS:
        return reporter_key(report)
    return None


def site_sightings(
    sightings: Sequence[Sighting], *, known: set[tuple[str, str]] | None = None
) -> list[Sighting]:
    """Unsaved sightings of the site (domain) of each link and e-mail address named, with the
    same role and counting: once per domain, and not when the report names it already, or when
    it is shared by many (``indicators.sites``) or on the analysts' warning list."""
    known = {(s.type, s.value) for s in sightings} | (known or set())
    found: list[Sighting] = []
    for sighting in sightings:
        domain = site_domain(sighting.type, sighting.value)
        if domain is None or ("domain", domain) in known or is_warning_listed("domain", domain):
            continue
        known.add(("domain", domain))
        found.append(
            Sighting(
                type="domain",
                value=domain,
                raw_value=domain,
                role=sighting.role,
                source=SightingSource.DERIVED,
                is_counted=sighting.is_counted,
                reporter_key=sighting.reporter_key,
            )
        )
    return found


def sightings_link(*, report: Report, sightings: Sequence[Sighting]) -> None:
    """Link unsaved, counted sightings of a saved report to their indicators and count them; a
    verified reporter's suspects count toward the public check too."""
    counted = [sighting for sighting in sightings if sighting.is_counted]
    key = reporter_key(report)
    for sighting in sightings:
        sighting.reporter_key = key
    if not counted:
        return
    named_before = _named_before(counted, key=key)
    results = indicators_count(
        named=[
            Naming(
                s.type, s.value, s.provider, is_new_reporter=(s.type, s.value) not in named_before
            )
            for s in counted
        ],
        category=report.category_id,
        seen_at=report.submitted_at or timezone.now(),
    )
    for sighting in counted:
        result = results[(sighting.type, sighting.value)]
        if result.may_link:
            sighting.indicator_id = result.indicator_id
    verified_key = verified_reporter_key(report)
    if verified_key is not None:
        indicators_count_verified(
            indicator_ids=[
                results[(s.type, s.value)].indicator_id
                for s in counted
                if s.role == IdentifierRole.SUSPECT
            ],
            reporter_key=verified_key,
        )


# One condition per pair, so that each is one probe of the indicators' unique (type, value)
# index. Asked as two lists (types, values), or joined to a list of rows, the planner may read
# the values' trigram index instead: 20 ms for a filing where the probes take 0.1
# (docs/decisions/0042).
_NAMED_BEFORE = (
    "SELECT i.type, i.value FROM indicators_indicator i "
    "JOIN intake_sighting s ON s.indicator_id = i.id "
    "WHERE s.reporter_key = %s AND ({pairs})"
)


def named_before_sql(pairs: int) -> str:
    return _NAMED_BEFORE.format(pairs=" OR ".join(["(i.type = %s AND i.value = %s)"] * pairs))


def _named_before(sightings: Sequence[Sighting], *, key: str) -> set[tuple[str, str]]:
    """The values among these that this reporter's earlier sightings link: two index look-ups
    per value (the indicator, then its sightings by this reporter)."""
    asked = sorted({(sighting.type, sighting.value) for sighting in sightings})
    with connection.cursor() as cursor:
        cursor.execute(
            named_before_sql(len(asked)), [key, *(part for pair in asked for part in pair)]
        )
        return {(kind, value) for kind, value in cursor.fetchall()}


@transaction.atomic
def sightings_count_verified(*, report: Report) -> None:
    """The report's reporter has just proved their contact (``contact_verified_at`` is set):
    count its suspects' sightings toward the public status of the values they name.

    Counting again, or another report of the same contact, changes nothing: one person counts
    once per value.
    """
    verified_key = verified_reporter_key(report)
    if verified_key is None:
        return
    named = report.identifiers.filter(role=IdentifierRole.SUSPECT, is_counted=True)
    found = indicator_ids(named.values_list("type", "value"))
    indicators_count_verified(indicator_ids=found.values(), reporter_key=verified_key)


@transaction.atomic
def sighting_confirm(*, sighting: Sighting, actor: User) -> Sighting:
    """An analyst confirms an identifier found in a narrative: it now counts and links."""
    locked = Sighting.objects.select_for_update().select_related("report").get(pk=sighting.pk)
    if locked.is_counted:
        return locked
    locked.is_counted = True
    known = set(locked.report.identifiers.values_list("type", "value"))
    sites = site_sightings([locked], known=known)
    for site in sites:
        site.report = locked.report
    sightings_link(report=locked.report, sightings=[locked, *sites])
    locked.save(update_fields=["is_counted", "indicator", "reporter_key"])
    sightings_save(sites)
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
