"""The query parameters of the TAXII reads (sections 3.4 and 3.5): ``added_after``,
``match[id|type|version|spec_version]``, ``limit`` and ``next``, read into plain values.

Pure functions: a bad value raises ``TaxiiError`` (400) naming the parameter, in the caller's
language.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from vigilance.exchange.taxii.errors import bad_parameter
from vigilance.exchange.taxii.media import STIX_SPEC_VERSION, taxii_timestamp

# Upper bound of the setting: past it a page no longer fits the aim of a fast, flat read.
PAGE_SIZE_CEILING = 10_000
VERSION_KEYWORDS = ("last", "first", "all")
_STIX_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,248}[a-z0-9]--[0-9a-fA-F-]{36}$")
_STIX_TYPE = re.compile(r"^[a-z0-9][a-z0-9-]{0,248}[a-z0-9]$")
_CURSOR_SALT = "vigilance.exchange.taxii.next"


@dataclass(frozen=True)
class Cursor:
    """Where the last page stopped: its last row's (date_added, id)."""

    date_added: dt.datetime
    row_id: int


@dataclass(frozen=True)
class ObjectFilter:
    added_after: dt.datetime | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    # Keywords ("last", "first", "all") and exact versions; empty reads as "last".
    version_keywords: tuple[str, ...] = ("last",)
    versions: tuple[dt.datetime, ...] = ()
    # False when ``match[spec_version]`` names only versions this server does not hold.
    spec_version_matches: bool = True
    limit: int = 1000
    after: Cursor | None = None
    # What the audit trail records of the request.
    described: dict[str, str] = field(default_factory=dict)


def _timestamp(parameter: str, raw: str) -> dt.datetime:
    try:
        moment = parse_datetime(raw.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise bad_parameter(
            parameter,
            _("%(parameter)s must be a timestamp such as 2026-01-31T08:00:00.000Z.")
            % {"parameter": parameter},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def _values(raw: str) -> tuple[str, ...]:
    return tuple(value.strip() for value in raw.split(",") if value.strip())


def _limit(raw: str | None, ceiling: int) -> int:
    if raw is None or not raw.strip():
        return ceiling
    try:
        limit = int(raw.strip())
    except ValueError:
        limit = 0
    if limit < 1:
        raise bad_parameter("limit", _("limit must be a whole number above zero."))
    return min(limit, ceiling)


def cursor_sign(cursor: Cursor) -> str:
    """The opaque ``next`` of a page: signed, so a partner cannot forge a position."""
    return signing.dumps(
        [taxii_timestamp(cursor.date_added), cursor.row_id], salt=_CURSOR_SALT, compress=True
    )


def cursor_read(token: str) -> Cursor:
    invalid = bad_parameter(
        "next", _("next must be the value given by the previous page, unchanged.")
    )
    try:
        moment, row_id = signing.loads(token, salt=_CURSOR_SALT)
        date_added = parse_datetime(moment)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid from None
    if date_added is None or not isinstance(row_id, int):
        raise invalid
    return Cursor(date_added=date_added, row_id=row_id)


def object_filter(query: Mapping[str, str], *, ceiling: int, allow: frozenset[str]) -> ObjectFilter:
    """Read the query of a TAXII read; ``allow`` names the ``match[...]`` fields the endpoint
    takes (the others are refused, as the specification lists them per endpoint)."""
    for name in query:
        if name.startswith("match[") and name[6:-1] not in allow:
            raise bad_parameter(
                name, _("This endpoint does not filter by %(name)s.") % {"name": name}
            )
    described = {name: value[:200] for name, value in query.items()}
    added_after = None
    if (raw := query.get("added_after")) is not None:
        added_after = _timestamp("added_after", raw)
    ids = _values(query.get("match[id]", ""))
    if any(_STIX_ID.match(value) is None for value in ids):
        raise bad_parameter("match[id]", _("match[id] takes STIX identifiers (type--uuid)."))
    types = _values(query.get("match[type]", ""))
    if any(_STIX_TYPE.match(value) is None for value in types):
        raise bad_parameter("match[type]", _("match[type] takes STIX object types."))
    keywords: list[str] = []
    versions: list[dt.datetime] = []
    for value in _values(query.get("match[version]", "")):
        if value in VERSION_KEYWORDS:
            keywords.append(value)
        else:
            versions.append(_timestamp("match[version]", value))
    if not keywords and not versions:
        keywords = ["last"]
    spec_versions = _values(query.get("match[spec_version]", ""))
    after = cursor_read(query["next"]) if query.get("next") else None
    return ObjectFilter(
        added_after=added_after,
        ids=ids,
        types=types,
        version_keywords=tuple(keywords),
        versions=tuple(versions),
        spec_version_matches=not spec_versions or STIX_SPEC_VERSION in spec_versions,
        limit=_limit(query.get("limit"), ceiling),
        after=after,
        described=described,
    )
