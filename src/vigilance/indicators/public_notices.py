"""Notices the public check shows beside its answer (e.g. a published alert naming the value).

Apps above this one fill the registry in their ``AppConfig.ready()``; the check asks it with the
normalised (type, value) and shows whatever comes back. Each provider answers with one indexed
query at most.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicNotice:
    title: str
    url: str
    published_at: dt.datetime | None
    label: str = ""


NoticeProvider = Callable[[str, str], list[PublicNotice]]
_PROVIDERS: list[NoticeProvider] = []


def register_notice_provider(provider: NoticeProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def public_notices(type: str, value: str) -> list[PublicNotice]:
    """Every notice about this normalised value, in the active language."""
    return [notice for provider in _PROVIDERS for notice in provider(type, value)]
