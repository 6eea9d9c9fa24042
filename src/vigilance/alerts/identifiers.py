"""The identifiers an alert names, as an editor types them: one a line, ``type: value`` or just
the value (its type is then recognised as in a report's text). Plain functions, no database."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from vigilance.indicators.extraction import extract_identifiers
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, normalise

MAX_IDENTIFIERS = 50


@dataclass(frozen=True)
class IdentifiersInvalid(Exception):
    """Lines that could not be read, each with its reason, in the active language."""

    problems: tuple[str, ...]

    def __str__(self) -> str:
        return " ".join(self.problems)


def _read_line(line: str) -> tuple[str, str]:
    kind, separator, rest = line.partition(":")
    if separator and kind.strip().lower() in TYPES:
        normal = normalise(kind.strip().lower(), rest.strip())
        return normal.type, normal.value
    found = extract_identifiers(line)
    if len(found) != 1:
        raise InvalidIdentifier(_("write it as “type: value”, for example “phone: 677 12 34 56”."))
    return found[0].type, found[0].value


def parse_identifiers(text: str) -> list[tuple[str, str]]:
    """The (type, normal value) pairs of ``text``, without duplicates, in the order typed."""
    pairs: list[tuple[str, str]] = []
    problems: list[str] = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        try:
            pair = _read_line(line)
        except InvalidIdentifier as error:
            problems.append(
                _("Line %(number)d (“%(line)s”): %(reason)s")
                % {"number": number, "line": line[:60], "reason": error}
            )
            continue
        if pair not in pairs:
            pairs.append(pair)
    if len(pairs) > MAX_IDENTIFIERS:
        problems.append(
            _("An alert names at most %(count)d identifiers.") % {"count": MAX_IDENTIFIERS}
        )
    if problems:
        raise IdentifiersInvalid(tuple(problems))
    return pairs


def identifiers_as_text(pairs: list[tuple[str, str]]) -> str:
    """What the form shows again for stored identifiers."""
    return "\n".join(f"{kind}: {value}" for kind, value in pairs)
