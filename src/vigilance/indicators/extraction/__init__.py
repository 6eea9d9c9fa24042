"""Identifiers found in free text: a report's narrative, a pasted message, a confirmation SMS.

``extract_identifiers(text)`` returns every identifier written in the text, in order, each with its
normal form and where it was written. Extractors run from the most specific (links, e-mail
addresses, accounts with check digits) to the least (bare domains, phone numbers); a stretch of
text claimed by one is not read again by the next, so "wa.me/237677123456" is a WhatsApp
profile and not also a phone number. Nothing is fetched or resolved.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from vigilance.indicators.extraction.base import Found
from vigilance.indicators.extraction.devices import find_imeis
from vigilance.indicators.extraction.financial import find_bank_accounts, find_wallets
from vigilance.indicators.extraction.phones import find_phones
from vigilance.indicators.extraction.social import find_handles
from vigilance.indicators.extraction.web import find_emails, find_hosts, find_ips, find_links
from vigilance.indicators.normalise import InvalidIdentifier, normalise
from vigilance.indicators.receipts import MoneyReceipt

__all__ = ["Found", "distinct", "extract_identifiers", "found_in_receipt"]

_EXTRACTORS: tuple[Callable[[str], Iterator[Found]], ...] = (
    find_links,
    find_emails,
    find_handles,
    find_wallets,
    find_bank_accounts,
    find_ips,
    find_imeis,
    find_hosts,
    find_phones,
)


# What claimed text is replaced with for the next extractors: neither a letter, a digit nor a
# separator, and refused by every normaliser.
_CLAIMED = "\x00"


def extract_identifiers(text: str) -> list[Found]:
    """Every identifier written in ``text``, in the order of the text (repeats included)."""
    taken: list[Found] = []
    unclaimed = text.replace(_CLAIMED, " ")
    for extractor in _EXTRACTORS:
        claimed: list[Found] = []
        for candidate in extractor(unclaimed):
            if not any(candidate.start < o.end and o.start < candidate.end for o in claimed):
                claimed.append(candidate)
        for candidate in claimed:
            length = candidate.end - candidate.start
            unclaimed = (
                unclaimed[: candidate.start] + _CLAIMED * length + unclaimed[candidate.end :]
            )
        taken.extend(claimed)
    return sorted(
        (replace(found, raw=text[found.start : found.end]) for found in taken),
        key=lambda found: found.start,
    )


def distinct(found: Iterable[Found]) -> list[Found]:
    """The first of each (type, value), in order."""
    first: dict[tuple[str, str], Found] = {}
    for each in found:
        first.setdefault((each.type, each.value), each)
    return list(first.values())


def found_in_receipt(receipt: MoneyReceipt) -> list[Found]:
    """The other party's wallet named in a confirmation SMS, as a mobile-money account."""
    if not receipt.counterpart:
        return []
    try:
        account = normalise("momo_account", receipt.counterpart)
    except InvalidIdentifier:
        return []
    return [
        Found(
            type=account.type,
            value=account.value,
            provider=account.provider,
            start=0,
            end=0,
            raw=receipt.counterpart_raw or receipt.counterpart,
        )
    ]
