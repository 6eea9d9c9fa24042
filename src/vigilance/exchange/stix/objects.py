"""The platform's statements about an identifier, as STIX 2.1 objects: the ``indicator`` (a
confirmed fraud), its ``based-on`` relationship to the observable, the ``sighting`` that counts
its reports, and the ``grouping`` of identifiers named together in the same reports.

Every id is a uuid5 in the platform's namespace of what the object is about, so publishing the
same thing again gives the same id and only a new version. Nothing here names a report, a
victim or a case.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from stix2.v21 import Grouping, Indicator, Relationship, Sighting

from vigilance.exchange.stix.identity import VIGILANCE_NAMESPACE, platform_identity_id
from vigilance.exchange.stix.markings import TLP_MARKING_IDS
from vigilance.exchange.stix.observables import Observable, observable_for


class PlatformIndicator(Indicator):
    """A STIX ``indicator`` whose pattern the platform wrote from its own template
    (``observables``: one comparison, its literal escaped).

    The library re-parses every pattern with an ANTLR grammar when it builds an indicator, most
    of the time of a publication of a million; the template's patterns are proven to parse
    instead by the tests, for every type and for any value (``test_stix_objects``). The library's other
    checks run, and the one on ``valid_until`` is kept here.
    """

    def _check_object_constraints(self) -> None:
        super(Indicator, self)._check_object_constraints()
        valid_until = self.get("valid_until")
        if valid_until and valid_until <= self.get("valid_from"):
            raise ValueError(f"{self.id} 'valid_until' must be greater than 'valid_from'")


def derived_id(stix_type: str, name: str) -> str:
    return f"{stix_type}--{uuid.uuid5(VIGILANCE_NAMESPACE, f'{stix_type}:{name}')}"


@dataclass(frozen=True)
class ConfirmedIdentifier:
    """What the platform knows of a confirmed-fraud identifier, as plain values."""

    type: str
    value: str
    provider: str
    tlp: str
    categories: Sequence[str]
    report_count: int
    confirmed_at: dt.datetime
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    confidence: int


@dataclass(frozen=True)
class IdentifierObjects:
    observable: Observable
    indicator: Indicator
    relationship: Relationship
    sighting: Sighting | None


def indicator_id(type: str, value: str) -> str:
    """The id of an identifier's indicator, the first time it is confirmed."""
    return derived_id("indicator", f"{type}:{value}")


def identifier_objects(
    item: ConfirmedIdentifier,
    *,
    modified: dt.datetime,
    created: dt.datetime | None = None,
    episode: str = "",
) -> IdentifierObjects:
    """The four objects of one confirmed identifier (no sighting while no report names it).
    ``NotExchangeable`` (``observables``) if the identifier has no STIX form.

    ``episode`` tells apart the ids of a confirmation that follows a revocation (empty the
    first time): a revoked STIX object never gets another version."""
    markings = [TLP_MARKING_IDS[item.tlp]]
    observable = observable_for(
        type=item.type, value=item.value, provider=item.provider, marking_refs=markings
    )
    author = platform_identity_id()
    created = min(created or item.confirmed_at, modified)
    key = f"{item.type}:{item.value}" + (f"@{episode}" if episode else "")
    categories = sorted({category for category in item.categories if category})
    indicator = PlatformIndicator(
        id=derived_id("indicator", key),
        created=created,
        modified=modified,
        created_by_ref=author,
        name=f"{item.type}: {item.value}",
        description=(
            "Confirmed as used for fraud by the analysts of the platform, from victims' "
            "reports" + (f" ({', '.join(categories)})." if categories else ".")
        ),
        indicator_types=["malicious-activity"],
        pattern=observable.pattern,
        pattern_type="stix",
        pattern_version="2.1",
        valid_from=item.confirmed_at,
        labels=["confirmed-fraud", *categories],
        confidence=item.confidence,
        object_marking_refs=markings,
    )
    relationship = Relationship(
        id=derived_id("relationship", f"based-on:{key}"),
        created=created,
        modified=modified,
        created_by_ref=author,
        relationship_type="based-on",
        source_ref=indicator.id,
        target_ref=observable.sco.id,
        object_marking_refs=markings,
    )
    sighting = None
    if item.report_count > 0:
        seen: dict[str, dt.datetime] = {}
        if item.first_seen and item.last_seen and item.first_seen <= item.last_seen:
            seen = {"first_seen": item.first_seen, "last_seen": item.last_seen}
        sighting = Sighting(
            id=derived_id("sighting", key),
            created=created,
            modified=modified,
            created_by_ref=author,
            sighting_of_ref=indicator.id,
            count=min(item.report_count, 999_999_999),
            where_sighted_refs=[author],
            object_marking_refs=markings,
            **seen,
        )
    return IdentifierObjects(observable, indicator, relationship, sighting)


def cluster_grouping(
    *, key: str, tlp: str, member_ids: Sequence[str], created: dt.datetime, modified: dt.datetime
) -> Grouping:
    """The grouping of identifiers named together in the same reports: which ones, and nothing
    of the reports themselves."""
    return Grouping(
        id=derived_id("grouping", key),
        created=min(created, modified),
        modified=modified,
        created_by_ref=platform_identity_id(),
        name=f"Identifiers named together in reports ({len(member_ids)})",
        description=(
            "Confirmed-fraud identifiers that victims' reports name together, directly or "
            "through other reports: likely the same fraud operation."
        ),
        context="suspicious-activity",
        object_refs=sorted(member_ids),
        object_marking_refs=[TLP_MARKING_IDS[tlp]],
    )
