"""What the extractors share: the identifier found, and the words around a number that say what
it is (an ID-card or transaction number is not a phone; a number after "MoMo" is a wallet)."""

import functools
import re
from dataclasses import dataclass

from vigilance.indicators.normalise import InvalidIdentifier, Normalised, normalise


@dataclass(frozen=True)
class Found:
    """An identifier found in a text: its type and normal form, and where it was written."""

    type: str
    value: str
    provider: str
    start: int
    end: int
    raw: str


# How far before a number its label is looked for, and what may stand between them ("CNI n° ",
# "Transaction ID : "): anything but digits and the end of a sentence.
_BEFORE = 40
_LABEL_GAP = r"\.?[^\d\n.;!?]{0,18}$"

_NOT_AN_IDENTIFIER = re.compile(
    r"\b(?:cni|carte\s+nationale|carte\s+d['\u2019]identit[ée]|id|passe?port|r[ée]c[ée]piss[ée]"
    r"|transactions?|txn|ref|r[ée]f|r[ée]f[ée]rences?|references?|bp|b\.p|bo[iî]te\s+postale"
    r"|facture|invoice|matricule|niu|dossier|ticket|plaque|immatriculation|version)\b" + _LABEL_GAP,
    re.IGNORECASE,
)
# "Android 6.8.0.1", "version 2.42.100.100": a version number, neither an address nor a phone.
_VERSION_BEFORE = re.compile(
    r"\b(?:android|ios|windows|version|v|build|firmware|mise[ \u00a0]+[àa][ \u00a0]+jour|update)"
    r"[ \u00a0:]{0,3}$",
    re.IGNORECASE,
)
_MONEY_ACCOUNT_BEFORE = re.compile(
    r"(?:\b(?:mo\s?mo|mobile\s*money|orange\s*money|mtn\s*money|compte|account|wallet"
    r"|portefeuille)\b|\b(?-i:OM)\b)" + _LABEL_GAP,
    re.IGNORECASE,
)
_MONEY_ACCOUNT_AFTER = re.compile(
    r"^[ \u00a0]*[(\[]?[ \u00a0]*(?:mo\s?mo|mobile\s*money|orange\s*money|(?-i:OM))\b",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(
    r"^[ \u00a0]*(?:f\s?cfa|cfa|xaf|frs?|francs?|f|eur|euros?|usd|dollars?|€|\$)(?![^\W\d_])",
    re.IGNORECASE,
)


def is_labelled_as_something_else(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a label such as "CNI", "Transaction ID", "Réf"."""
    return bool(_NOT_AN_IDENTIFIER.search(text[max(0, start - _BEFORE) : start]))


def is_version(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows the name of a system or the word "version"."""
    return bool(_VERSION_BEFORE.search(text, max(0, start - 30), start))


def is_money_account(text: str, start: int, end: int) -> bool:
    """Whether the number between ``start`` and ``end`` is named as a mobile-money account."""
    return bool(
        _MONEY_ACCOUNT_BEFORE.search(text[max(0, start - _BEFORE) : start])
        or _MONEY_ACCOUNT_AFTER.match(text[end : end + 20])
    )


def is_amount(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` is followed by a currency ("150 000 FCFA")."""
    return bool(_AMOUNT_AFTER.match(text[end : end + 12]))


@functools.lru_cache(maxsize=4096)
def read_as(type: str, candidate: str) -> Normalised | None:
    """The normal form of ``candidate`` read as ``type``, or None when it is not one (kept: the same
    numbers and links come back in report after report of a scam wave)."""
    try:
        return normalise(type, candidate)
    except InvalidIdentifier:
        return None


def found(normalised: Normalised, text: str, start: int, end: int) -> Found:
    return Found(
        type=normalised.type,
        value=normalised.value,
        provider=normalised.provider,
        start=start,
        end=end,
        raw=text[start:end],
    )
