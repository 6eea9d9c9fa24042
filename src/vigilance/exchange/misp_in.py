"""Reading partners' MISP events: a single event (``{"Event": ...}``, as MISP's feeds serve
them), MISP's API answers (``{"response": [...]}``) and plain lists of events.

The file is streamed with ``ijson`` twice: a first pass reads each event's header (its uuid,
``info`` and tags, which MISP may write after the attributes), a second yields the attributes of
``Event.Attribute`` and ``Event.Object[].Attribute`` one by one, so a 100 MB file is never held
in memory. Small files are also loaded with pymisp's ``MISPEvent`` to check their structure.
"""

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ijson
from django.utils.dateparse import parse_datetime
from pymisp import MISPEvent
from pymisp.abstract import describe_types

from vigilance.core.tlp import Tlp, tlp_stricter
from vigilance.exchange.services.imports import ImportRefused, IncomingIndicator

# MISP attribute types -> the platform's identifier types; other MISP types are skipped.
TYPE_MAP: dict[str, str] = {
    "phone-number": "phone",
    "whois-registrant-phone": "phone",
    "url": "url",
    "link": "url",
    "domain": "domain",
    "hostname": "domain",
    "ip-src": "ip",
    "ip-dst": "ip",
    "ip-src|port": "ip",
    "ip-dst|port": "ip",
    "email": "email",
    "email-src": "email",
    "email-dst": "email",
    "whois-registrant-email": "email",
    "iban": "bank_account",
    "bank-account-nr": "bank_account",
    "btc": "crypto_wallet",
    "xmr": "crypto_wallet",
    "eth": "crypto_wallet",
    "dash": "crypto_wallet",
    "bch": "crypto_wallet",
    "ltc": "crypto_wallet",
    "imei": "imei",
}

MISP_TYPES: frozenset[str] = frozenset(describe_types["types"]) | frozenset(TYPE_MAP)

TLP_TAGS: dict[str, str] = {
    "tlp:clear": Tlp.CLEAR,
    "tlp:white": Tlp.CLEAR,
    "tlp:green": Tlp.GREEN,
    "tlp:amber": Tlp.AMBER,
    "tlp:amber+strict": Tlp.AMBER_STRICT,
    "tlp:red": Tlp.RED,
}

# The MISP taxonomies' words for how sure the sender is, as a 0-100 confidence.
CONFIDENCE_TAGS: dict[str, int] = {
    'admiralty-scale:information-credibility="1"': 100,
    'admiralty-scale:information-credibility="2"': 80,
    'admiralty-scale:information-credibility="3"': 60,
    'admiralty-scale:information-credibility="4"': 40,
    'admiralty-scale:information-credibility="5"': 20,
    'estimative-language:likelihood-probability="almost-no-chance"': 5,
    'estimative-language:likelihood-probability="very-unlikely"': 10,
    'estimative-language:likelihood-probability="unlikely"': 30,
    'estimative-language:likelihood-probability="roughly-even-chance"': 50,
    'estimative-language:likelihood-probability="likely"': 70,
    'estimative-language:likelihood-probability="very-likely"': 85,
    'estimative-language:likelihood-probability="almost-certain"': 95,
    'estimative-language:confidence-in-analytic-judgment="high"': 85,
    'estimative-language:confidence-in-analytic-judgment="moderate"': 50,
    'estimative-language:confidence-in-analytic-judgment="low"': 15,
}

# Files up to this size are also loaded whole by pymisp to check their structure.
PYMISP_CHECK_BYTES = 2 * 1024 * 1024


@dataclass
class EventHeader:
    """What an event says of all its attributes."""

    uuid: str = ""
    info: str = ""
    timestamp: str = ""
    tags: list[str] = field(default_factory=list)


def tlp_of_tags(tags: list[str]) -> str | None:
    """The marking the tags give (the narrowest if several), or None."""
    found = [str(TLP_TAGS[tag.strip().lower()]) for tag in tags if tag.strip().lower() in TLP_TAGS]
    return tlp_stricter(*found) if found else None


def confidence_of_tags(tags: list[str]) -> int | None:
    """The confidence the tags give (the lowest if several), or None."""
    found = [
        CONFIDENCE_TAGS[tag.strip().lower()]
        for tag in tags
        if tag.strip().lower() in CONFIDENCE_TAGS
    ]
    return min(found) if found else None


def _root(path: Path) -> str:
    """The prefix of each event in the file: ``Event``, ``response.item.Event`` or
    ``item.Event``."""
    try:
        with path.open("rb") as file:
            events = ijson.parse(file)
            first = next(events, None)
            second = next(events, None)
    except ijson.JSONError as error:
        raise ImportRefused("misp_malformed_json", error=error) from error
    if first is None or first[1] not in ("start_map", "start_array"):
        raise ImportRefused("misp_no_event")
    if first[1] == "start_array":
        return "item.Event"
    if second is not None and second[1] == "map_key" and second[2] == "response":
        return "response.item.Event"
    return "Event"


def _walk(path: Path, wanted: tuple[str, ...]) -> Iterator[tuple[int, str, Any]]:
    """(event index, prefix, built value) for each value at one of the ``wanted`` prefixes
    (relative to the event), and (index, "", None) as each event starts, streamed; malformed
    JSON refuses the file."""
    root = _root(path)
    targets = {f"{root}.{prefix}": prefix for prefix in wanted}
    index = -1
    builder: ijson.ObjectBuilder | None = None
    building = ""
    depth = 0
    try:
        with path.open("rb") as file:
            for prefix, event, value in ijson.parse(file, use_float=True):
                if builder is not None:
                    builder.event(event, value)
                    if event in ("start_map", "start_array"):
                        depth += 1
                    elif event in ("end_map", "end_array"):
                        depth -= 1
                    if depth == 0:
                        yield index, building, builder.value
                        builder = None
                    continue
                if prefix == root and event == "start_map":
                    index += 1
                    yield index, "", None
                if prefix in targets:
                    building = targets[prefix]
                    if event in ("start_map", "start_array"):
                        builder = ijson.ObjectBuilder()
                        builder.event(event, value)
                        depth = 1
                    else:
                        yield index, building, value
    except ijson.JSONError as error:
        raise ImportRefused("misp_malformed_json", error=error) from error
    if index < 0:
        raise ImportRefused("misp_no_event")


def event_headers(path: Path) -> list[EventHeader]:
    """The header of each event in the file, in order (one streamed pass)."""
    headers: list[EventHeader] = []
    for index, prefix, value in _walk(path, ("uuid", "info", "timestamp", "Tag.item.name")):
        while len(headers) <= index:
            headers.append(EventHeader())
        header = headers[index]
        if prefix == "uuid":
            header.uuid = str(value)
        elif prefix == "info":
            header.info = str(value)
        elif prefix == "timestamp":
            header.timestamp = str(value)
        elif prefix == "Tag.item.name":
            header.tags.append(str(value))
    return headers


def event_attributes(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(event index, attribute) for every attribute of every event, objects' included."""
    for index, prefix, value in _walk(path, ("Attribute.item", "Object.item.Attribute.item")):
        if not prefix:
            continue
        if not isinstance(value, dict):
            raise ImportRefused("misp_invalid_event", reason="attribute is not an object")
        yield index, value


def attribute_hashes(path: Path) -> dict[str, Counter[str]]:
    """The md5 of each attribute value, by event uuid, as MISP's ``hashes.csv`` lists them
    (composite values hashed part by part)."""
    headers = event_headers(path)
    hashes: dict[str, Counter[str]] = {header.uuid: Counter() for header in headers}
    for index, attribute in event_attributes(path):
        kind = str(attribute.get("type", ""))
        value = str(attribute.get("value", ""))
        parts = value.split("|") if "|" in kind or kind == "malware-sample" else [value]
        for part in parts:
            # MISP's feeds name values by md5: a checksum against tampering in transit here.
            digest = hashlib.md5(part.encode("utf-8"), usedforsecurity=False).hexdigest()
            hashes[headers[index].uuid][digest] += 1
    return hashes


def _check_with_pymisp(path: Path, root: str) -> None:
    if root != "Event" or path.stat().st_size > PYMISP_CHECK_BYTES:
        return
    try:
        MISPEvent().load_file(str(path))
    except Exception as error:  # pymisp raises many kinds on a broken event
        for _index, attribute in event_attributes(path):
            _check_type(str(attribute.get("type", "")))
        raise ImportRefused("misp_invalid_event", reason=error) from error


def _check_type(kind: str) -> None:
    if kind not in MISP_TYPES:
        raise ImportRefused("misp_unknown_type", type=kind)


def _seen(raw: Any) -> dt.datetime | None:
    if not raw:
        return None
    try:
        parsed = parse_datetime(str(raw))
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def _attribute_tags(attribute: dict[str, Any]) -> list[str]:
    tags = attribute.get("Tag") or []
    return [str(tag.get("name", "")) for tag in tags if isinstance(tag, dict)]


def _value(kind: str, value: str) -> str:
    # "1.2.3.4|443": the address is the identifier.
    return value.split("|", 1)[0] if kind.endswith("|port") else value


def parse_event_file(
    path: Path, *, default_tlp: str, confidence: int | None
) -> Iterator[IncomingIndicator]:
    """The identifiers of a MISP event file, lazily; ``ImportRefused`` on a malformed file, a
    file without an event, or an attribute whose type MISP does not know."""
    path = Path(path)
    headers = event_headers(path)
    _check_with_pymisp(path, _root(path))
    for index, attribute in event_attributes(path):
        header = headers[index]
        kind = str(attribute.get("type", ""))
        _check_type(kind)
        platform_type = TYPE_MAP.get(kind)
        raw = attribute.get("value")
        if platform_type is None or raw in (None, ""):
            # Counted as skipped by the import: an empty value never normalises.
            yield IncomingIndicator(type="skipped", raw_value="", tlp=default_tlp)
            continue
        tags = _attribute_tags(attribute)
        labels = [header.info[:200]] if header.info else []
        if attribute.get("to_ids") in (True, "1", 1, "true"):
            labels.append("to_ids")
        yield IncomingIndicator(
            type=platform_type,
            raw_value=_value(kind, str(raw)),
            tlp=tlp_of_tags(tags) or tlp_of_tags(header.tags) or default_tlp,
            confidence=_first_known(
                confidence_of_tags(tags), confidence_of_tags(header.tags), confidence
            ),
            external_id=str(attribute.get("uuid", "")),
            labels=tuple(labels),
            description=str(attribute.get("comment") or ""),
            first_seen=_seen(attribute.get("first_seen")),
            last_seen=_seen(attribute.get("last_seen")),
            is_revoked=attribute.get("deleted") in (True, "1", 1, "true"),
        )


def _first_known(*values: int | None) -> int | None:
    return next((value for value in values if value is not None), None)
