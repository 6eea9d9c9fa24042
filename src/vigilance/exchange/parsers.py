"""Which parser reads a partner's file: STIX 2.1 bundles and MISP events (or a MISP feed's event
files). Each parser reads from a path, lazily, and yields ``IncomingIndicator`` items; anything
malformed raises ``ImportRefused``. Named by dotted path so this module imports neither."""

from collections.abc import Callable, Iterator
from pathlib import Path

from django.utils.module_loading import import_string

from vigilance.exchange.models import ImportFormat
from vigilance.exchange.services.imports import ImportRefused, IncomingIndicator

Parser = Callable[..., Iterator[IncomingIndicator]]

PARSERS: dict[str, str] = {
    ImportFormat.STIX: "vigilance.exchange.stix_in.parse_bundle",
    ImportFormat.MISP: "vigilance.exchange.misp_in.parse_event_file",
}


def parser_for(format: str) -> Parser:
    """``parser(path, *, default_tlp, confidence)``: the parser of ``format``."""
    if format not in PARSERS:
        raise ImportRefused("unknown_format", format=format)
    parser: Parser = import_string(PARSERS[format])
    return parser


def detect_format(path: Path) -> str:
    """STIX or MISP, from the file's first bytes: a bundle says ``"type": "bundle"``, a MISP
    event starts with ``{"Event"`` (or ``{"response"`` as MISP's API answers)."""
    with path.open("rb") as file:
        head = file.read(4096).decode("utf-8", errors="replace")
    compact = "".join(head.split())
    if compact.startswith(('{"Event"', '{"response"', '[{"Event"')):
        return str(ImportFormat.MISP)
    if '"type":"bundle"' in compact or compact.startswith('{"type":"bundle"'):
        return str(ImportFormat.STIX)
    raise ImportRefused("unknown_format")
