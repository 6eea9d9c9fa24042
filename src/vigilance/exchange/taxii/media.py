"""The media types of TAXII 2.1 (section 1.6.8) and the reading of a client's ``Accept``."""

import datetime as dt

TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
STIX_SPEC_VERSION = "2.1"

_TAXII_TYPE = "application/taxii+json"


def _media_ranges(accept: str) -> list[tuple[str, dict[str, str]]]:
    ranges = []
    for part in accept.split(","):
        if not part.strip():
            continue
        kind, *parameters = (piece.strip() for piece in part.split(";"))
        values = {}
        for parameter in parameters:
            name, _equals, value = parameter.partition("=")
            values[name.strip().lower()] = value.strip().strip('"')
        ranges.append((kind.lower(), values))
    return ranges


def accepts_taxii(accept: str) -> bool:
    """Whether a client sending this ``Accept`` admits TAXII 2.1 answers.

    ``application/taxii+json`` without a version means the latest, 2.1; a missing header or a
    wildcard admits anything. A range with ``q=0`` refuses.
    """
    if not accept.strip():
        return True
    for kind, parameters in _media_ranges(accept):
        if parameters.get("q", "1").strip() in ("0", "0.0", "0.00", "0.000"):
            continue
        if kind in ("*/*", "application/*"):
            return True
        if kind == _TAXII_TYPE and parameters.get("version", STIX_SPEC_VERSION) == "2.1":
            return True
    return False


def taxii_timestamp(moment: dt.datetime) -> str:
    """A timestamp as TAXII and STIX write it: UTC, microseconds, ``Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
