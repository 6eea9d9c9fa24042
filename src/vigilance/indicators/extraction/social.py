"""Social-network accounts named by their handle next to the network's name ("TikTok : @arnaque.boss",
"son Instagram c'est @miss.cash", "on Telegram he is @crypto_king", "sur X @faux_ministre"); links
to profiles are found with the other links (see ``web``). WhatsApp accounts are phone numbers."""

import re
from collections.abc import Iterator

from vigilance.indicators.extraction.base import Found, found, read_as

# The network's name, a few words ("c'est", "he is", ":"), then the handle; "X" only in capitals.
_HANDLE = re.compile(
    r"(?:\b((?i:tiktok|instagram|insta|ig|telegram|twitter|facebook|fb))|\b(X))\b"
    r"[^@\n.!?;,]{0,20}?(?<![\w.])@([A-Za-z0-9._]{2,30})"
)
_NETWORKS = {"insta": "instagram", "ig": "instagram", "fb": "facebook"}


def find_handles(text: str) -> Iterator[Found]:
    for match in _HANDLE.finditer(text):
        network = (match.group(1) or match.group(2)).lower()
        handle = match.group(3).rstrip(".")
        profile = read_as("social_profile", f"{_NETWORKS.get(network, network)}: @{handle}")
        if profile is not None:
            yield found(profile, text, match.start(), match.start(3) + len(handle))
