"""What other apps know about identifiers, shown beside them on staff pages.

The report page, the case page and the indicator page list identifiers; apps above this one
(the exchange: "also known to CERT Gabon") register a provider here when they start, so these
pages show what they know without this app importing them. A provider answers for a whole page
at once (one query, not one per identifier) and only what ``user`` may see: the page has already
checked that the user sees the report, case or indicator naming the identifiers.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vigilance.accounts.models import User

Pair = tuple[str, str]


@dataclass(frozen=True)
class Annotation:
    """One thing known about an identifier: who knows it, and the sentence to show, already in
    the active language."""

    source: str
    text: str
    url: str = ""


Provider = Callable[[User, list[Pair]], dict[Pair, list[Annotation]]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add ``provider(user, pairs) -> {pair: [Annotation]}`` (once, however often called)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def annotations_for(user: User, pairs: Iterable[Pair]) -> dict[Pair, list[Annotation]]:
    """Everything the registered providers know about these (type, normal value) pairs that
    ``user`` may see; pairs nobody knows are absent."""
    wanted = sorted(set(pairs))
    found: dict[Pair, list[Annotation]] = {}
    if not wanted or not user.is_authenticated:
        return found
    for provider in _PROVIDERS:
        for pair, annotations in provider(user, wanted).items():
            if annotations:
                found.setdefault(pair, []).extend(annotations)
    return found
