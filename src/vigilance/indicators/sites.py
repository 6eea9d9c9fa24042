"""The site a link or an e-mail address belongs to: its registrable domain, so that reports of
one scam site (each victim given their own link) meet on the domain.

Pure rules on normal forms: no database, no network. Domains that many unrelated people share
(platforms, link shorteners, mail providers) never stand for a site; the MISP warning lists
shipped in the ``pymispwarninglists`` wheel name them (docs/decisions/0005-correlation.md).
"""

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

from vigilance.indicators.normalise import InvalidIdentifier, normalise

# The MISP warning lists whose domains are shared by unrelated people, chosen one by one. Left
# out on purpose: the top-million lists (Alexa, Tranco, Majestic, Cisco, Chrome CrUX), which
# would hide almost every site, and the IP-range lists, which name no domain.
SHARED_DOMAIN_LISTS = (
    "url-shortener",  # bit.ly, tinyurl.com: one host for everyone's links
    "link-in-bio",  # linktr.ee, beacons.ai: one page per user on a shared host
    "lots-project",  # "living off trusted sites": hosts scammers borrow (blogspot, github.io)
    "second-level-tlds",  # suffixes sold to customers, beyond the public suffix list
    "dynamic-dns",  # duckdns.org and the like: anyone's host name under one domain
    "public-ipfs-gateways",  # one gateway serves everyone's content
    "disposable-email",  # throw-away mail domains shared by everyone who uses them
    "google",  # google's own domains (sites.google.com, docs.google.com)
    "microsoft",  # microsoft's own domains (forms, sharepoint, outlook)
    "rfc6761",  # example.com and the like: reserved for documentation, never a real site
    # The 10,000 busiest sites: the mail providers (gmail.com, yahoo.com, outlook.com) and the
    # social networks and marketplaces where a scam is one page among millions.
    "tranco10k",
)


def _lists_dir() -> Path:
    """The lists shipped in the wheel (nothing is ever fetched), found without importing the
    package: its import loads jsonschema's format checkers (about 18 MB), never needed here."""
    package = find_spec("pymispwarninglists")
    if package is None or package.origin is None:
        raise ModuleNotFoundError("pymispwarninglists")
    return Path(package.origin).parent / "data" / "misp-warninglists" / "lists"


class SharedDomains:
    """A set of domain names kept as the sorted 64-bit hashes of the names: about 0.5 MB per
    process, where the 60,000 names as a set of strings took 6 to 10 MB. ``hash`` differs from
    one process to the next, but the set is built and read in the same one; two names share a
    hash with a chance of about one in 10^14 per question."""

    def __init__(self, names: Iterable[str]) -> None:
        self._hashes = array("q", sorted({hash(name) for name in names}))

    def __contains__(self, name: object) -> bool:
        wanted = hash(name)
        index = bisect_left(self._hashes, wanted)
        return index < len(self._hashes) and self._hashes[index] == wanted

    def __len__(self) -> int:
        return len(self._hashes)


@cache
def shared_domains() -> SharedDomains:
    """Every domain of ``SHARED_DOMAIN_LISTS``, lower-cased, read once per process from the
    files shipped in the wheel (about 60,000 names: a few tens of milliseconds)."""
    return SharedDomains(name for name in _listed_names() if name)


def _listed_names() -> Iterator[str]:
    lists = _lists_dir()
    for name in SHARED_DOMAIN_LISTS:
        with (lists / name / "list.json").open(encoding="utf-8") as listed:
            entries = json.load(listed)["list"]
        yield from (entry.strip().lstrip(".").lower() for entry in entries)


def is_shared_domain(host: str, domain: str) -> bool:
    """Whether ``host`` or one of its parents down to its registrable ``domain`` is shared."""
    shared = shared_domains()
    labels = host.split(".")
    depth = domain.count(".") + 1
    return any(".".join(labels[start:]) in shared for start in range(len(labels) - depth + 1))


def site_domain(type: str, value: str) -> str | None:
    """The registrable domain of a link (``url``) or an e-mail address (``email``) in normal
    form, or None: for other types, IP addresses, unknown extensions and shared domains.

    Hosting platforms that give each customer a sub-domain (``shop.blogspot.com``) are in the
    public suffix list's private section, which the ``domain`` normal form uses: the customer's
    site is then the domain, and the platform itself is shared.
    """
    if type == "url":
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:
            return None
    elif type == "email":
        host = value.rpartition("@")[2]
    else:
        return None
    host = host.rstrip(".").lower()
    if not host or host.startswith("[") or host.replace(".", "").isdigit():
        return None
    try:
        domain = normalise("domain", host).value
    except InvalidIdentifier:
        return None
    if is_shared_domain(host, domain):
        return None
    return domain
