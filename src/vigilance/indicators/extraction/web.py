"""Links, e-mail addresses, domains and IP addresses in free text, defanged or not
("hxxps://site[.]cm", "jean[at]mail(.)com", "fake-site[.]cm"), e-mail addresses spelled out
("jean at gmail dot com", "jean arobase yahoo point fr"). Nothing is fetched or resolved.
"""

import re
from collections.abc import Iterator

from vigilance.indicators.extraction.base import Found, found, is_version, read_as
from vigilance.indicators.normalise.social import PLATFORMS

_DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})"
_HOST = rf"(?:[\w\-]++{_DOT})+[^\W\d_]{{2,63}}(?![\w\-])"
_SCHEME = r"(?:h(?:tt|xx|\*\*)ps?|f[tx*]p|meow)(?:\[://\]|\(://\)|(?:\[:\]|\(:\)|:)//)"
_REST = r"[^\s<>\"'`]*"

_URL = re.compile(rf"(?<![\w.])(?:{_SCHEME}){_REST}", re.IGNORECASE)
# A host without a scheme, with an optional port and path: a domain, or a link when it has a path.
_BARE = re.compile(rf"(?<![\w@.\-/:])({_HOST})((?::[0-9]{{1,5}})?/{_REST})?", re.IGNORECASE)
_EMAIL = re.compile(
    rf"(?<![\w.%+\-\]\)}}])((?:[A-Za-z0-9_%+\-]|{_DOT})+)"
    rf"(@|[ \u00a0]?(?:\[@\]|\(@\)|\{{@\}}|\[at\]|\(at\)|\{{at\}})[ \u00a0]?|[ \u00a0]at[ \u00a0])"
    rf"({_HOST})",
    re.IGNORECASE,
)
# An address said aloud or written to dodge filters: "at"/"arobase" and "dot"/"point" in words.
_SAID_DOT = r"(?:\.|[ \u00a0]+(?:dot|point)[ \u00a0]+)"
_SAID_TLD = (
    r"(?:com|net|org|info|biz|fr|cm|be|ch|ca|uk|us|de|io|co|me|edu|gov|africa|ci|sn|ga|td|cf|cg"
    r"|ng|gh|ma)"
)
_SAID_EMAIL = re.compile(
    rf"(?<![\w.%+\-@])([A-Za-z0-9_%+\-]+(?:{_SAID_DOT}[A-Za-z0-9_%+\-]+)*)"
    r"([ \u00a0]*@[ \u00a0]*|[ \u00a0]+(?:at|arobase|arrobase|arobas)[ \u00a0]+)"
    rf"([A-Za-z0-9\-]+(?:{_SAID_DOT}[A-Za-z0-9\-]+)*{_SAID_DOT}{_SAID_TLD})(?![\w\-])",
    re.IGNORECASE,
)
# With the English "at", which also reads "paid at jumia dot com", only these hosts make an address.
_MAIL_PROVIDERS = {
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "icloud",
    "me",
    "aol",
    "proton",
    "protonmail",
    "gmx",
    "mail",
    "yandex",
    "zoho",
    "orange",
    "camtel",
}
_IPV4 = re.compile(rf"(?<![\w.\-])[0-9]{{1,3}}(?:{_DOT}[0-9]{{1,3}}){{3}}(?![\w\-]|\.[0-9])")
_IPV6 = re.compile(r"(?<![\w:.])(?=[0-9a-f]{0,4}:)[0-9a-f:]{3,39}(?![\w:])", re.IGNORECASE)

# Naming a network ("il m'a écrit sur facebook.com") names no one: only its profiles count.
_PLATFORM_DOMAINS = {*PLATFORMS.values(), "fb.com", "twitter.com", "whatsapp.com", "telegram.me"}
# Closing punctuation that ends a sentence rather than a link.
_TRAILING = ".,;:!?'\"\u00bb\u203a\u201d\u2019"
# A file name ("photo.zip", "script.py") reads like a domain whose extension is also a TLD.
_FILE_EXTENSIONS = {"zip", "mov", "py", "md", "sh", "rs", "ps", "pl", "exe", "pdf", "jpg", "png"}


def _trim(text: str, start: int, end: int) -> int:
    """The end of a link once the punctuation of the sentence around it is left out."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING or (
            last in ")]}" and text.count(_OPENING[last], start, end) < text.count(last, start, end)
        ):
            end -= 1
        else:
            break
    return end


_OPENING = {")": "(", "]": "[", "}": "{"}


def _link(candidate: str) -> Found | None:
    """A link to a profile on a social network is that profile; any other link is a link."""
    for type in ("social_profile", "url"):
        normalised = read_as(type, candidate)
        if normalised is not None:
            return Found(normalised.type, normalised.value, normalised.provider, 0, 0, "")
    return None


def _at(link: Found | None, text: str, start: int, end: int) -> Found | None:
    if link is None:
        return None
    return Found(link.type, link.value, link.provider, start, end, text[start:end])


def find_links(text: str) -> Iterator[Found]:
    for match in _URL.finditer(text):
        end = _trim(text, match.start(), match.end())
        if link := _at(_link(text[match.start() : end]), text, match.start(), end):
            yield link


def _is_written_like_a_host(host: str) -> bool:
    """Leaves out "fin.Il" (a sentence with a missing space) and "photo.zip" (a file)."""
    tld = re.split(_DOT, host, flags=re.IGNORECASE)[-1]
    return not (tld[0].isupper() and tld[1:].islower()) and tld.lower() not in _FILE_EXTENSIONS


def find_hosts(text: str) -> Iterator[Found]:
    """Domains ("www.arnaque.com", "fake-site[.]cm"), and links written without a scheme."""
    for match in _BARE.finditer(text):
        host = match.group(1)
        is_defanged = any(bracket in host for bracket in "[](){}")
        if not is_defanged and not _is_written_like_a_host(host):
            continue
        if match.group(2):
            end = _trim(text, match.start(), match.end())
            if end > match.end(1):
                if link := _at(_link(text[match.start() : end]), text, match.start(), end):
                    yield link
                continue
        domain = read_as("domain", host)
        if domain is not None and domain.value not in _PLATFORM_DOMAINS:
            yield found(domain, text, match.start(), match.end(1))


def find_emails(text: str) -> Iterator[Found]:
    for match in _EMAIL.finditer(text):
        local, at, host = match.groups()
        # " at " between two words is English more often than an address.
        if at.strip().lower() == "at" and not re.search(r"[._+\-0-9]", local):
            continue
        local = local.lstrip(".")
        email = read_as("email", f"{local}@{host}")
        if email is not None:
            yield found(email, text, match.end() - len(host) - len(at) - len(local), match.end())
    yield from _said_emails(text)


def _said_emails(text: str) -> Iterator[Found]:
    for match in _SAID_EMAIL.finditer(text):
        local, at, host = (
            re.sub(_SAID_DOT, ".", part, flags=re.IGNORECASE) for part in match.groups()
        )
        provider = host.split(".", 1)[0].lower()
        if at.strip().lower() == "at" and provider not in _MAIL_PROVIDERS:
            continue
        email = read_as("email", f"{local}@{host}")
        if email is not None:
            yield found(email, text, match.start(), match.end())


def find_ips(text: str) -> Iterator[Found]:
    for match in _IPV4.finditer(text):
        if is_version(text, match.start()):
            continue
        if ip := read_as("ip", match.group()):
            yield found(ip, text, match.start(), match.end())
    if "::" in text or text.count(":") >= 7:
        for match in _IPV6.finditer(text):
            if re.search(r"[0-9a-f]", match.group(), re.IGNORECASE) and (
                ip := read_as("ip", match.group())
            ):
                yield found(ip, text, match.start(), match.end())
