"""A collection as a MISP feed: ``manifest.json``, one ``<event uuid>.json`` per event and
``hashes.csv``, as MISP's own feed generator (pymisp ``feed_meta_generator``) writes them.

Grouping. One event per collection and UTC day of confirmation (uuid5 of the collection id and
the day), holding the identifiers confirmed that day that are marked exactly the collection's
TLP. RED has no collection; AMBER+STRICT goes to its owning organisation only, and indicators
name no owning organisation, so a strict collection's feed is empty.

Changes. A MISP instance pulls an event again only when the manifest's ``timestamp`` is newer
than its copy's, so every change must move it forward, and only forward:

- a new report on an identifier moves its ``last_seen`` (and its report count in the comment):
  the attribute's timestamp is the later of its confirmation and its ``last_seen``;
- an identifier that leaves the list (false positive, dispute upheld) stays in the event of the
  day it was confirmed, as a *deleted* attribute stamped with the time it left: MISP then
  soft-deletes its own copy, which a missing attribute would never make it do. Its last
  confirmation is read from the status history (``IndicatorStatusChange``);
- the event's timestamp is the latest of its attributes'.

Nothing is stored: every answer is read from the indicators, so a change shows at the next pull.
A marking changed without a status change is the one case this cannot see (the indicator
carries no time for it): the identifier moves between collections without moving a timestamp.
"""

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDate
from pymisp import MISPAttribute, MISPEvent, MISPObject, MISPOrganisation

from vigilance.core.tlp import Tlp
from vigilance.exchange.misp.mapping import (
    ATTRIBUTE_TYPES,
    MISP_TLP_TAGS,
    OBJECT_TYPES,
    Identifier,
    category_tags,
    event_uuid,
    misp_entry,
)
from vigilance.exchange.misp.store import is_kept, signature, stored_or_built
from vigilance.exchange.models import ExchangeCollection
from vigilance.indicators.models import Indicator
from vigilance.indicators.selectors import confirmed_fraud_marked, fraud_withdrawn_marked

# Identifiers turned into pymisp entries and serialised together: bounds memory on big events.
BATCH_SIZE = 500
_FIELDS = (
    "type",
    "value",
    "provider",
    "categories",
    "report_count",
    "first_seen",
    "last_seen",
    "status_changed_at",
)
# Published, analysis complete (confirmed by an analyst), threat level medium.
ANALYSIS_COMPLETED = 2
THREAT_LEVEL_MEDIUM = 2


@dataclass(frozen=True)
class EventSummary:
    """What the manifest says of one event, read without building it."""

    uuid: str
    day: dt.date
    timestamp: dt.datetime
    categories: tuple[str, ...]
    count: int
    withdrawn_count: int


def platform_organisation() -> MISPOrganisation:
    """The platform as MISP's creator organisation (``Orgc``): a name and a fixed uuid."""
    organisation = MISPOrganisation()
    organisation.name = settings.EXCHANGE_IDENTITY_NAME
    organisation.uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, settings.EXCHANGE_IDENTITY_NAME))
    return organisation


def _feed_tlp(collection: ExchangeCollection) -> str | None:
    """The marking whose identifiers the collection's feed holds; None for an empty feed."""
    if collection.tlp in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER):
        return str(collection.tlp)
    return None


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


def feed_events(
    collection: ExchangeCollection, *, day: dt.date | None = None
) -> list[EventSummary]:
    """Every event of the collection's feed (or the one of ``day``), oldest day first."""
    tlp = _feed_tlp(collection)
    if tlp is None:
        return []
    start, end = _day_bounds(day) if day is not None else (None, None)
    live = confirmed_fraud_marked(tlp=tlp, start=start, end=end).annotate(
        day=TruncDate("status_changed_at", tzinfo=dt.UTC)
    )
    withdrawn = fraud_withdrawn_marked(tlp=tlp, start=start, end=end).annotate(
        day=TruncDate("confirmed_at", tzinfo=dt.UTC)
    )
    times: dict[dt.date, list[dt.datetime]] = {}
    counts: dict[dt.date, list[int]] = {}
    for row in live.values("day").annotate(
        changed=Max("status_changed_at"), seen=Max("last_seen"), count=Count("id")
    ):
        times.setdefault(row["day"], []).extend(t for t in (row["changed"], row["seen"]) if t)
        counts.setdefault(row["day"], [0, 0])[0] = row["count"]
    for row in withdrawn.values("day").annotate(
        changed=Max("status_changed_at"), count=Count("id")
    ):
        times.setdefault(row["day"], []).append(row["changed"])
        counts.setdefault(row["day"], [0, 0])[1] = row["count"]
    categories: dict[dt.date, set[str]] = {}
    for row_day, codes in live.values_list("day", "categories").distinct():
        categories.setdefault(row_day, set()).update(codes or [])
    return [
        EventSummary(
            uuid=event_uuid(collection.pk, event_day),
            day=event_day,
            timestamp=max(times[event_day]),
            categories=tuple(sorted(categories.get(event_day, ()))),
            count=counts[event_day][0],
            withdrawn_count=counts[event_day][1],
        )
        for event_day in sorted(times)
    ]


def feed_event_find(collection: ExchangeCollection, event: str) -> EventSummary | None:
    """The event of the collection with this uuid, if it holds anything.

    Event uuids are derived from the day, so the day is found among the days that hold
    identifiers without building any event."""
    tlp = _feed_tlp(collection)
    if tlp is None:
        return None
    for summary in feed_events(collection):
        if summary.uuid == event:
            return summary
    return None


def event_shell(collection: ExchangeCollection, summary: EventSummary) -> MISPEvent:
    """The event without its attributes and objects: info, dates, creator, tags."""
    event = MISPEvent()
    event.uuid = summary.uuid
    event.info = f"{collection.title_en} — {summary.day.isoformat()}"
    event.set_date(summary.day)
    event.Orgc = platform_organisation()
    event.analysis = ANALYSIS_COMPLETED
    event.threat_level_id = THREAT_LEVEL_MEDIUM
    event.published = True
    event.timestamp = summary.timestamp
    event.publish_timestamp = summary.timestamp
    event.add_tag(MISP_TLP_TAGS[Tlp(collection.tlp)])
    for tag in category_tags(summary.categories):
        event.add_tag(tag)
    return event


def feed_manifest(
    collection: ExchangeCollection, summaries: list[EventSummary] | None = None
) -> dict[str, dict[str, object]]:
    """``manifest.json``: each event's uuid -> its creator, tags, info, date, analysis,
    threat level and timestamps, as pymisp's ``MISPEvent.manifest`` writes it, with the
    ``publish_timestamp`` MISP's own feeds add."""
    manifest: dict[str, dict[str, object]] = {}
    for summary in feed_events(collection) if summaries is None else summaries:
        entry = event_shell(collection, summary).manifest
        entry[summary.uuid]["publish_timestamp"] = int(summary.timestamp.timestamp())
        manifest.update(entry)
    return manifest


def _identifiers(
    collection: ExchangeCollection, summary: EventSummary, types: Iterable[str]
) -> Iterator[Identifier]:
    tlp = _feed_tlp(collection)
    if tlp is None:
        return
    start, end = _day_bounds(summary.day)
    live: QuerySet[Indicator] = confirmed_fraud_marked(tlp=tlp, start=start, end=end)
    for row in (
        live.filter(type__in=list(types)).order_by("id").values_list(*_FIELDS).iterator(2000)
    ):
        kind, value, provider, codes, reports, first_seen, last_seen, confirmed = row
        yield Identifier(
            type=kind,
            value=value,
            provider=provider,
            categories=tuple(codes or ()),
            report_count=reports,
            first_seen=first_seen,
            last_seen=last_seen,
            changed_at=max(t for t in (confirmed, last_seen) if t is not None),
        )
    withdrawn = fraud_withdrawn_marked(tlp=tlp, start=start, end=end)
    for row in (
        withdrawn.filter(type__in=list(types)).order_by("id").values_list(*_FIELDS).iterator(2000)
    ):
        kind, value, provider, codes, reports, first_seen, last_seen, left_at = row
        yield Identifier(
            type=kind,
            value=value,
            provider=provider,
            categories=tuple(codes or ()),
            report_count=reports,
            first_seen=first_seen,
            last_seen=last_seen,
            changed_at=left_at,
            is_withdrawn=True,
        )


def _batches(
    collection: ExchangeCollection, summary: EventSummary, types: Iterable[str]
) -> Iterator[list[MISPAttribute | MISPObject]]:
    batch: list[MISPAttribute | MISPObject] = []
    for identifier in _identifiers(collection, summary, types):
        batch.append(misp_entry(identifier, event=summary.uuid))
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _feed_dicts(
    collection: ExchangeCollection, summary: EventSummary, key: str, types: Iterable[str]
) -> Iterator[dict[str, object]]:
    """The event's attributes (``key`` "Attribute") or objects ("Object") as ``to_feed`` writes
    them, built and serialised a batch at a time."""
    for batch in _batches(collection, summary, types):
        holder = event_shell(collection, summary)
        for entry in batch:
            if isinstance(entry, MISPObject):
                holder.add_object(entry)
            else:
                holder.attributes.append(entry)
        yield from holder.to_feed()["Event"].get(key, [])


def event_chunks(collection: ExchangeCollection, summary: EventSummary) -> Iterator[str]:
    """The event's JSON, as pymisp's ``MISPEvent.to_feed`` writes it, in pieces: the event's
    own fields from pymisp, then its attributes and objects a batch at a time, so that an event
    of any size never sits in memory at once."""
    head = json.dumps(event_shell(collection, summary).to_feed(), ensure_ascii=False)
    # ``{"Event": {...}}``: the lists go inside the inner object, before its closing braces.
    yield head[:-2]
    for key, types in (("Attribute", ATTRIBUTE_TYPES), ("Object", OBJECT_TYPES)):
        yield f', "{key}": ['
        for number, item in enumerate(_feed_dicts(collection, summary, key, types)):
            yield ("," if number else "") + json.dumps(item, ensure_ascii=False)
        yield "]"
    yield "}}"


def misp_event_build(collection: ExchangeCollection, summary: EventSummary) -> MISPEvent:
    """The whole event in memory (a staff download, a test): the same content as the feed."""
    event = event_shell(collection, summary)
    for types in (ATTRIBUTE_TYPES, OBJECT_TYPES):
        for batch in _batches(collection, summary, types):
            for entry in batch:
                if isinstance(entry, MISPObject):
                    event.add_object(entry)
                else:
                    event.attributes.append(entry)
    return event


def _entry_hashes(entry: MISPAttribute | MISPObject) -> list[str]:
    attributes: list[MISPAttribute] = (
        list(entry.attributes) if isinstance(entry, MISPObject) else [entry]
    )
    return [
        digest
        for attribute in attributes
        if not getattr(attribute, "deleted", False)
        for digest in attribute.hash_values("md5")
    ]


def hashes_lines(
    collection: ExchangeCollection, summaries: list[EventSummary] | None = None
) -> Iterator[str]:
    """``hashes.csv``: ``<md5 of a value>,<event uuid>`` per attribute, objects' attributes
    included, as ``feed_meta_generator`` writes it; withdrawn values are left out, since a MISP
    instance uses the file to match values it holds against the feed."""
    for summary in feed_events(collection) if summaries is None else summaries:
        for types in (ATTRIBUTE_TYPES, OBJECT_TYPES):
            for batch in _batches(collection, summary, types):
                yield "".join(
                    f"{digest},{summary.uuid}\n"
                    for entry in batch
                    for digest in _entry_hashes(entry)
                )


def _collection_signature(collection: ExchangeCollection) -> tuple[object, ...]:
    return (collection.pk, collection.tlp, collection.title_en, settings.EXCHANGE_IDENTITY_NAME)


def event_signature(collection: ExchangeCollection, summary: EventSummary) -> str:
    """Changes whenever what the event's file shows changes (its ETag and its kept file)."""
    return signature(
        *_collection_signature(collection),
        summary.uuid,
        summary.timestamp.isoformat(),
        summary.count,
        summary.withdrawn_count,
        ",".join(summary.categories),
    )


def hashes_signature(collection: ExchangeCollection, summaries: list[EventSummary]) -> str:
    return signature(
        *_collection_signature(collection),
        *(event_signature(collection, summary) for summary in summaries),
    )


def event_file(collection: ExchangeCollection, summary: EventSummary) -> Iterator[bytes]:
    """The event's JSON as served: kept on disk once built, until it changes."""
    return stored_or_built(
        summary.uuid,
        event_signature(collection, summary),
        ".json",
        lambda: event_chunks(collection, summary),
    )


def hashes_file(collection: ExchangeCollection, summaries: list[EventSummary]) -> Iterator[bytes]:
    """``hashes.csv`` as served: kept on disk once built, until an event changes."""
    return stored_or_built(
        f"hashes-{collection.pk}",
        hashes_signature(collection, summaries),
        ".csv",
        lambda: hashes_lines(collection, summaries),
    )


def misp_feeds_prepare() -> int:
    """Build the files of every active collection's feed that changed since they were kept, so
    that partners' pulls read them instead of waiting for pymisp; returns how many were built."""
    built = 0
    for collection in ExchangeCollection.objects.filter(is_active=True).order_by("slug"):
        summaries = feed_events(collection)
        for summary in summaries:
            if not is_kept(summary.uuid, event_signature(collection, summary), ".json"):
                for _piece in event_file(collection, summary):
                    pass
                built += 1
        digest = hashes_signature(collection, summaries)
        if not is_kept(f"hashes-{collection.pk}", digest, ".csv"):
            for _piece in hashes_file(collection, summaries):
                pass
            built += 1
    return built


def feed_event_of_day(
    collection_slug: str, day: dt.date
) -> tuple[ExchangeCollection, EventSummary] | None:
    """For staff: the collection's event of ``day``, if the collection exists and holds one."""
    collection = ExchangeCollection.objects.filter(slug=collection_slug).first()
    if collection is None:
        return None
    found = feed_events(collection, day=day)
    return (collection, found[0]) if found else None
