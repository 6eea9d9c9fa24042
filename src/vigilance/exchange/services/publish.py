"""Publishing: the platform's confirmed-fraud identifiers written as STIX 2.1 objects into
``ExchangeObject`` rows, which TAXII pages, MISP feeds and exports then stream as stored.

A new row (a new version: ``modified`` now, ``date_added`` now) is written only when an
object's content changed (``content_hash``, over the object without its timestamps); the
previous row stops being the latest. An identifier that leaves confirmed fraud, becomes RED or
AMBER+STRICT (no owner outside) or is warning-listed gets a last version of its indicator,
relationship and sighting with ``revoked: true``; confirmed again later, it is published under
new ids (STIX forbids versions after a revocation).

``publish_run`` is incremental (indicators whose status or last sighting moved since the last
run's start) or full (every confirmed indicator, hashes compared, and every published one
checked). Work goes in chunks, each its own transaction, so memory stays flat.
"""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from stix2.base import _STIXBase

from vigilance.cases.models import CaseReport
from vigilance.core.tlp import Tlp, tlp_stricter
from vigilance.exchange.models import ExchangeObject, PublishCursor
from vigilance.exchange.stix.extensions import (
    NEW_OBSERVABLE_TYPES,
    NewObservableType,
    extension_definition,
)
from vigilance.exchange.stix.identity import platform_identity
from vigilance.exchange.stix.markings import TLP_MARKING_IDS, tlp_marking
from vigilance.exchange.stix.objects import (
    ConfirmedIdentifier,
    IdentifierObjects,
    cluster_grouping,
    identifier_objects,
)
from vigilance.exchange.stix.observables import NotExchangeable
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.intake.models import Sighting

CHUNK = 2000
CURSOR_NAME = "stix-indicators"
# An analyst confirmed it: "probably true" on the Admiralty scale STIX maps to 70-89.
CONFIRMED_CONFIDENCE = 85
# What may leave the platform at all: AMBER+STRICT indicators have no owner outside.
PUBLISHED_TLPS = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)
# The types of an identifier's objects that carry its verdict, and are revoked with it.
REVOCABLE_TYPES = ("indicator", "relationship", "sighting")
_INDICATOR_FIELDS = (
    "pk",
    "type",
    "value",
    "provider",
    "status",
    "tlp",
    "categories",
    "report_count",
    "status_changed_at",
    "created_at",
    "first_seen",
    "last_seen",
    "is_warning_listed",
)


@dataclass
class PublishResult:
    written: int = 0
    unchanged: int = 0
    revoked: int = 0
    skipped: int = 0
    clusters: int = 0

    def add(self, other: "PublishResult") -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.revoked += other.revoked
        self.skipped += other.skipped
        self.clusters += other.clusters


# Builds the object for a given (created, modified); SCOs and markings ignore both.
Build = Callable[[dt.datetime, dt.datetime], _STIXBase]


@dataclass(frozen=True)
class Candidate:
    stix_id: str
    type: str
    tlp: str
    source_key: str
    build: Build
    created: dt.datetime
    is_common: bool = False


@dataclass(frozen=True)
class _Latest:
    id: int
    stix_id: str
    content_hash: str
    version: dt.datetime
    source_key: str
    type: str
    tlp: str
    body: str = field(repr=False, default="")

    @property
    def is_revoked(self) -> bool:
        return bool(json.loads(self.body).get("revoked")) if self.body else False


def is_published(indicator: dict[str, Any]) -> bool:
    """Whether an indicator (a dict of its fields) belongs in the exchange."""
    return (
        indicator["status"] == IndicatorStatus.CONFIRMED_FRAUD
        and indicator["tlp"] in PUBLISHED_TLPS
        and not indicator["is_warning_listed"]
    )


def source_key_of(indicator_pk: int) -> str:
    return f"indicator:{indicator_pk}"


def _now() -> dt.datetime:
    return _milliseconds(timezone.now())


def _milliseconds(moment: dt.datetime) -> dt.datetime:
    # STIX timestamps in milliseconds, so that a version compares equal wherever it is read.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _serialise(obj: _STIXBase) -> str:
    return obj.serialize(separators=(",", ":"), ensure_ascii=False)


def content_hash(body: str) -> str:
    """The hash of an object's content: its JSON without ``created`` and ``modified``."""
    content = json.loads(body)
    content.pop("created", None)
    content.pop("modified", None)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _version_of(body: dict[str, Any], fallback: dt.datetime) -> dt.datetime:
    stamp = body.get("modified") or body.get("created")
    if not stamp:
        return fallback
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _latest_rows(q: Q, *, with_body: bool = False) -> list[_Latest]:
    fields = ["id", "stix_id", "content_hash", "version", "source_key", "type", "tlp"]
    if with_body:
        fields.append("body")
    return [
        _Latest(**row) for row in ExchangeObject.objects.filter(q, is_latest=True).values(*fields)
    ]


def objects_write(
    candidates: Sequence[Candidate], *, now: dt.datetime | None = None
) -> PublishResult:
    """Write a new version of each candidate whose content changed (or that is new)."""
    result = PublishResult()
    if not candidates:
        return result
    latest = {
        row.stix_id: row for row in _latest_rows(Q(stix_id__in=[c.stix_id for c in candidates]))
    }
    now = now or _now()
    changed: list[tuple[Candidate, _Latest | None]] = []
    rows = []
    for candidate in candidates:
        previous = latest.get(candidate.stix_id)
        body = _serialise(candidate.build(candidate.created, now))
        if previous is None:
            # A first version: as built.
            rows.append(_row(candidate, body, now))
        elif previous.content_hash == content_hash(body):
            result.unchanged += 1
        else:
            changed.append((candidate, previous))
    # A new version keeps the first version's ``created`` (STIX versioning).
    created_of: dict[str, dt.datetime] = {}
    for row in ExchangeObject.objects.filter(
        id__in=[previous.id for _, previous in changed if previous]
    ).values("stix_id", "body"):
        stamp = json.loads(row["body"]).get("created")
        if stamp:
            created_of[row["stix_id"]] = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    for candidate, previous in changed:
        modified = now
        if previous is not None and previous.version >= now:
            modified = previous.version + dt.timedelta(milliseconds=1)
        created = created_of.get(candidate.stix_id, candidate.created)
        body = _serialise(candidate.build(min(created, modified), modified))
        rows.append(_row(candidate, body, modified, date_added=now))
    ExchangeObject.objects.filter(id__in=[p.id for _, p in changed if p]).update(is_latest=False)
    ExchangeObject.objects.bulk_create(rows, batch_size=500)
    result.written += len(rows)
    return result


def _row(
    candidate: Candidate, body: str, modified: dt.datetime, *, date_added: dt.datetime | None = None
) -> ExchangeObject:
    return ExchangeObject(
        stix_id=candidate.stix_id,
        type=candidate.type,
        version=_version_of(json.loads(body), modified),
        date_added=date_added or modified,
        tlp=candidate.tlp,
        is_common=candidate.is_common,
        is_latest=True,
        source_key=candidate.source_key,
        content_hash=content_hash(body),
        body=body,
    )


def objects_revoke(source_keys: Iterable[str], *, types: Sequence[str] = REVOCABLE_TYPES) -> int:
    """Give the latest, not yet revoked objects of these sources a last, revoked version."""
    keys = list(source_keys)
    if not keys:
        return 0
    now = _now()
    stale, rows = [], []
    for previous in _latest_rows(Q(source_key__in=keys, type__in=types), with_body=True):
        content = json.loads(previous.body)
        if content.get("revoked"):
            continue
        modified = max(now, previous.version + dt.timedelta(milliseconds=1))
        content["revoked"] = True
        content["modified"] = _stamp(modified)
        body = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
        stale.append(previous.id)
        rows.append(
            ExchangeObject(
                stix_id=previous.stix_id,
                type=previous.type,
                version=modified,
                date_added=now,
                tlp=previous.tlp,
                is_latest=True,
                source_key=previous.source_key,
                content_hash=content_hash(body),
                body=body,
            )
        )
    ExchangeObject.objects.filter(id__in=stale).update(is_latest=False)
    ExchangeObject.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def common_candidates() -> list[Candidate]:
    """The objects every collection holds: the platform's identity, the TLP markings of what
    may be published (RED never is) and the extension definitions of the new observables."""
    identity = platform_identity()
    created = identity.created
    candidates = [
        Candidate(
            identity.id,
            "identity",
            Tlp.CLEAR,
            "common:identity",
            _identity_build,
            created,
            is_common=True,
        )
    ]
    for marking in (*PUBLISHED_TLPS, Tlp.AMBER_STRICT):
        candidates.append(
            Candidate(
                TLP_MARKING_IDS[marking],
                "marking-definition",
                Tlp.CLEAR,
                f"common:tlp-{marking}",
                partial(_marking_build, marking),
                created,
                is_common=True,
            )
        )
    for kind in NEW_OBSERVABLE_TYPES:
        candidates.append(
            Candidate(
                kind.extension_id,
                "extension-definition",
                Tlp.CLEAR,
                f"common:sco-{kind.type}",
                partial(_extension_build, kind),
                created,
                is_common=True,
            )
        )
    return candidates


def _marking_build(marking: str, created: dt.datetime, modified: dt.datetime) -> _STIXBase:
    return tlp_marking(marking)


def _extension_build(
    kind: NewObservableType, created: dt.datetime, modified: dt.datetime
) -> _STIXBase:
    return extension_definition(kind, modified=max(created, modified))


def _identity_build(created: dt.datetime, modified: dt.datetime) -> _STIXBase:
    return platform_identity(modified=max(created, modified))


def _identifier(row: dict[str, Any]) -> ConfirmedIdentifier:
    confirmed_at = _milliseconds(row["status_changed_at"] or row["created_at"])
    return ConfirmedIdentifier(
        type=row["type"],
        value=row["value"],
        provider=row["provider"] or "",
        tlp=row["tlp"],
        categories=list(row["categories"] or []),
        report_count=row["report_count"] or 0,
        confirmed_at=confirmed_at,
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        confidence=CONFIRMED_CONFIDENCE,
    )


def _indicator_candidates(row: dict[str, Any], episode: str, now: dt.datetime) -> list[Candidate]:
    item = _identifier(row)
    source_key = source_key_of(row["pk"])
    built: dict[tuple[dt.datetime, dt.datetime], IdentifierObjects] = {}

    def objects_at(created: dt.datetime, modified: dt.datetime) -> IdentifierObjects:
        # The four parts are built together, once per (created, modified).
        if (created, modified) not in built:
            built.clear()
            built[created, modified] = identifier_objects(
                item, created=created, modified=modified, episode=episode
            )
        return built[created, modified]

    def part(name: str) -> Build:
        def build(created: dt.datetime, modified: dt.datetime) -> _STIXBase:
            objects = objects_at(created, modified)
            return objects.observable.sco if name == "observable" else getattr(objects, name)

        return build

    sample = objects_at(item.confirmed_at, now)
    parts = [("observable", sample.observable.sco), ("indicator", sample.indicator)]
    parts.append(("relationship", sample.relationship))
    if sample.sighting is not None:
        parts.append(("sighting", sample.sighting))
    return [
        Candidate(obj.id, obj.type, item.tlp, source_key, part(name), item.confirmed_at)
        for name, obj in parts
    ]


def indicators_publish(rows: Sequence[dict[str, Any]]) -> PublishResult:
    """Publish (or revoke) one chunk of indicators, given as dicts of ``_INDICATOR_FIELDS``."""
    result = PublishResult()
    keys = [source_key_of(row["pk"]) for row in rows]
    # Sources whose indicator was revoked: published again under ids of the new confirmation.
    revoked_sources = {
        row.source_key
        for row in _latest_rows(Q(source_key__in=keys, type="indicator"), with_body=True)
        if row.is_revoked
    }
    leaving, candidates = [], []
    now = _now()
    for row in rows:
        key = source_key_of(row["pk"])
        if not is_published(row):
            leaving.append(key)
            continue
        episode = ""
        if key in revoked_sources:
            episode = _stamp(row["status_changed_at"] or row["created_at"])
        try:
            candidates.extend(_indicator_candidates(row, episode, now))
        except NotExchangeable:
            result.skipped += 1
    with transaction.atomic():
        result.revoked += objects_revoke(leaving)
        result.add(objects_write(candidates, now=now))
    return result


def _indicator_chunks(queryset: Any) -> Iterator[list[dict[str, Any]]]:
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk").values(*_INDICATOR_FIELDS)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


def _published_indicator_pks() -> Iterator[list[int]]:
    """The indicators that have a latest, published indicator object, chunk by chunk."""
    last = 0
    while True:
        chunk = list(
            ExchangeObject.objects.filter(type="indicator", is_latest=True, id__gt=last)
            .order_by("id")
            .values_list("id", "source_key")[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][0]
        yield [int(key.split(":", 1)[1]) for _, key in chunk if key.startswith("indicator:")]


@dataclass(frozen=True)
class Cluster:
    key: str
    tlp: str
    member_pks: tuple[int, ...]


def clusters_find() -> list[Cluster]:
    """Confirmed, publishable indicators named together in the same reports, joined into
    clusters (two or more members), with the strictest marking of their members and of the
    cases holding those reports."""
    published = Q(
        indicator__status=IndicatorStatus.CONFIRMED_FRAUD,
        indicator__tlp__in=PUBLISHED_TLPS,
        indicator__is_warning_listed=False,
    )
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    report_member: dict[int, int] = {}
    tlp_of: dict[int, str] = {}
    sightings = (
        Sighting.objects.filter(published)
        .values_list("report_id", "indicator_id", "indicator__tlp")
        .order_by("report_id")
        .distinct()
    )
    for report_id, indicator_id, tlp in sightings.iterator(chunk_size=5000):
        parent.setdefault(indicator_id, indicator_id)
        tlp_of[indicator_id] = tlp
        first = report_member.setdefault(report_id, indicator_id)
        root_a, root_b = find(first), find(indicator_id)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[int, list[int]] = defaultdict(list)
    for node in parent:
        members[find(node)].append(node)
    marking: dict[int, str] = {
        root: tlp_stricter(*(tlp_of[m] for m in group)) for root, group in members.items()
    }
    case_reports = (
        CaseReport.objects.filter(report_id__in=list(report_member))
        .values_list("report_id", "case__tlp")
        .iterator(chunk_size=5000)
    )
    for report_id, case_tlp in case_reports:
        root = find(report_member[report_id])
        marking[root] = tlp_stricter(marking[root], case_tlp)
    return [
        Cluster(key=f"cluster:{min(group)}", tlp=marking[root], member_pks=tuple(sorted(group)))
        for root, group in members.items()
        if len(group) > 1
    ]


def clusters_publish() -> PublishResult:
    """A ``grouping`` per cluster that may leave the platform; groupings of clusters that no
    longer exist (or became too restricted) are revoked."""
    result = PublishResult()
    clusters = [c for c in clusters_find() if c.tlp in PUBLISHED_TLPS]
    current_id: dict[int, str] = {}
    pks = [pk for cluster in clusters for pk in cluster.member_pks]
    for start in range(0, len(pks), CHUNK):
        keys = [source_key_of(pk) for pk in pks[start : start + CHUNK]]
        for row in _latest_rows(Q(source_key__in=keys, type="indicator"), with_body=True):
            if not row.is_revoked:
                current_id[int(row.source_key.split(":", 1)[1])] = row.stix_id
    candidates = []
    for cluster in clusters:
        member_ids = [current_id[pk] for pk in cluster.member_pks if pk in current_id]
        if len(member_ids) < 2:
            continue
        sample = cluster_grouping(
            key=cluster.key, tlp=cluster.tlp, member_ids=member_ids, created=_now(), modified=_now()
        )

        def build(
            created: dt.datetime,
            modified: dt.datetime,
            cluster: Cluster = cluster,
            member_ids: list[str] = member_ids,
        ) -> _STIXBase:
            return cluster_grouping(
                key=cluster.key,
                tlp=cluster.tlp,
                member_ids=member_ids,
                created=created,
                modified=modified,
            )

        candidates.append(Candidate(sample.id, "grouping", cluster.tlp, cluster.key, build, _now()))
    kept = {candidate.source_key for candidate in candidates}
    gone = {
        row.source_key
        for row in _latest_rows(Q(type="grouping", source_key__startswith="cluster:"))
        if row.source_key not in kept
    }
    with transaction.atomic():
        result.revoked += objects_revoke(gone, types=("grouping",))
        for start in range(0, len(candidates), CHUNK):
            result.add(objects_write(candidates[start : start + CHUNK]))
    result.clusters = len(candidates)
    return result


def publish_run(*, full: bool = False) -> PublishResult:
    """Publish what changed since the last run (``full``: everything, hashes compared)."""
    started = _now()
    cursor = PublishCursor.objects.filter(name=CURSOR_NAME).first()
    result = PublishResult()
    with transaction.atomic():
        result.add(objects_write(common_candidates()))
    if full or cursor is None:
        changed = Indicator.objects.filter(status=IndicatorStatus.CONFIRMED_FRAUD)
    else:
        since = cursor.position
        changed = Indicator.objects.filter(
            Q(status_changed_at__gte=since) | Q(last_seen__gte=since)
        )
    for chunk in _indicator_chunks(changed):
        result.add(indicators_publish(chunk))
    if full or cursor is None:
        # Published once, no longer confirmed (or gone): found from the published side.
        for pks in _published_indicator_pks():
            present = {
                row["pk"]: row
                for row in Indicator.objects.filter(pk__in=pks).values(*_INDICATOR_FIELDS)
            }
            leaving = [row for row in present.values() if not is_published(row)]
            missing = [source_key_of(pk) for pk in pks if pk not in present]
            if leaving:
                result.add(indicators_publish(leaving))
            if missing:
                with transaction.atomic():
                    result.revoked += objects_revoke(missing)
    result.add(clusters_publish())
    PublishCursor.objects.update_or_create(name=CURSOR_NAME, defaults={"position": started})
    return result
