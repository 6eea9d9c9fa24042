"""The warning list: values that never link reports together (see ``WarningListEntry``).

The list is small and read on every new report and reported look-up, so it is cached: in each
process for a few seconds, then in the shared cache; any change clears the shared cache, and
other processes see it within ``_LOCAL_SECONDS``.
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext, gettext_noop

from vigilance.indicators.models import WarningListEntry

_CACHE_KEY = "indicators:warning-list"
_LOCAL_SECONDS = 10.0
_Entries = tuple[frozenset[tuple[str, str]], tuple[str, ...]]
_local: dict[str, tuple[float, _Entries]] = {}


def _entries() -> _Entries:
    memo = _local.get(_CACHE_KEY)
    if memo is not None and memo[0] > time.monotonic():
        return memo[1]
    entries = _shared_entries()
    _local[_CACHE_KEY] = (time.monotonic() + _LOCAL_SECONDS, entries)
    return entries


def _shared_entries() -> _Entries:
    cached = cache.get(_CACHE_KEY)
    if cached is None:
        rows = list(WarningListEntry.objects.values_list("type", "value", "is_suffix"))
        exact = frozenset((kind, value) for kind, value, is_suffix in rows if not is_suffix)
        suffixes = tuple(value for _kind, value, is_suffix in rows if is_suffix)
        cached = (exact, suffixes)
        cache.set(_CACHE_KEY, cached, 300)
    return cached


def warning_list_changed() -> None:
    cache.delete(_CACHE_KEY)
    _local.clear()


def is_warning_listed(kind: str, value: str) -> bool:
    """Whether this normal form is on the list, exactly or (domains) under a listed domain.

    Suffixes apply to domains only: a scammer's gmail.com address or a given post on
    facebook.com still links reports; the domains themselves do not.
    """
    exact, suffixes = _entries()
    if (kind, value) in exact:
        return True
    return kind == "domain" and any(value == s or value.endswith("." + s) for s in suffixes)


# The reasons shipped with the list (data/warning_list.json and the platform's own domain), so
# readers see them in their language; a reason an analyst typed is shown as typed.
_SHIPPED_REASONS = frozenset(
    (
        gettext_noop(
            "Public webmail: a scammer's address there links reports, the domain itself does not."
        ),
        gettext_noop(
            "Social or messaging platform: its profiles and posts link reports, its own domain "
            "does not."
        ),
        gettext_noop(
            "Operator's or provider's own domain, named in genuine messages and in victims' "
            "accounts."
        ),
        gettext_noop("This platform's own domain, quoted in receipts and messages."),
    )
)


def reason_label(reason: str) -> str:
    """The reason in the reader's language when it is one the platform shipped."""
    return gettext(reason) if reason in _SHIPPED_REASONS else reason
