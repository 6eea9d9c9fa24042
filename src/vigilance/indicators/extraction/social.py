"""Social-network accounts named by their handle ("TikTok : @arnaque.boss"); links to profiles
are found with the other links (see ``web``)."""

import re
from collections.abc import Iterator

from vigilance.indicators.extraction.base import Found, found, read_as

_HANDLE = re.compile(
    r"\b(tiktok|instagram|insta|telegram|twitter)[ \u00a0]*(?:[:\-][ \u00a0]*)?"
    r"@([A-Za-z0-9._]{2,30})",
    re.IGNORECASE,
)
_NETWORKS = {"insta": "instagram"}


def find_handles(text: str) -> Iterator[Found]:
    for match in _HANDLE.finditer(text):
        network = match.group(1).lower()
        handle = match.group(2).rstrip(".")
        profile = read_as("social_profile", f"{_NETWORKS.get(network, network)}: @{handle}")
        if profile is not None:
            yield found(profile, text, match.start(), match.start(2) + len(handle))
