"""Addresses on the internet: e-mail addresses, links, domains and IP addresses.

Reported links are data: nothing here resolves a name or fetches a link. Values arrive
"defanged" as often as not (``hxxps://example[.]com``) and are re-fanged before being read.
"""

import functools
import ipaddress
import re
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from publicsuffixlist import PublicSuffixList

from vigilance.indicators.normalise.base import InvalidIdentifier, Normalised, clean_text

# The copy of the public suffix list the package carries, never a download; its private part
# too, so that each site of a hosting platform ("shop.blogspot.com") is a domain of its own.
_SUFFIXES = PublicSuffixList(accept_unknown=False)


@functools.cache
def _icann_suffixes() -> PublicSuffixList:
    """The list without its private part, read only for the rare host that is itself a
    hosting platform's suffix."""
    return PublicSuffixList(only_icann=True, accept_unknown=False)


_ALLOWED_SCHEMES = {"http": 80, "https": 443, "ftp": 21}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(//)?")
_LABEL = re.compile(r"^(?!-)[a-z0-9_\-]{1,63}(?<!-)$")
# Characters left as they are in a path or query; everything else is percent-encoded, and "%" is
# kept so that encoding an encoded value changes nothing.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"

_REFANG = [
    (re.compile(r"^h(?:xx|\*\*|tt)p(s?)(?=\[?:)", re.IGNORECASE), r"http\1"),
    (re.compile(r"^meow(?=\[?:)", re.IGNORECASE), "http"),
    (re.compile(r"^f[x*]p(?=\[?:)", re.IGNORECASE), "ftp"),
    (re.compile(r"\[://\]|\(://\)"), "://"),
    (re.compile(r"\[:\]|\(:\)|\{:\}"), ":"),
    (re.compile(r"\[/\]|\(/\)"), "/"),
    (re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\\\.", re.IGNORECASE), "."),
    (re.compile(r"\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\}", re.IGNORECASE), "@"),
]

_DEFANGED_TYPES = {"url", "social_profile", "domain", "email", "ip"}


def refang(text: str) -> str:
    """Undo the usual ways of defanging a link or an address (``hxxp``, ``[.]``, ``[at]``...)."""
    # Repeated until nothing changes, so that "((.))" cannot leave a new "(.)" behind.
    while True:
        fanged = text
        for pattern, replacement in _REFANG:
            fanged = pattern.sub(replacement, fanged)
        if fanged == text:
            return fanged
        text = fanged


def defang(type: str, value: str) -> str:
    """A link, address or domain written so that no reader or viewer turns it into a link."""
    if type not in _DEFANGED_TYPES:
        return value
    value = re.sub(r"^(h)tt(ps?)(?=:)", r"\1xx\2", value, flags=re.IGNORECASE)
    value = re.sub(r"^ftp(?=:)", "fxp", value, flags=re.IGNORECASE)
    return value.replace("@", "[@]").replace(".", "[.]")


def _ascii_host(host: str) -> str:
    """A host name in its lower-case ASCII (IDNA) form, refused when it cannot exist in the DNS."""
    host = host.rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise InvalidIdentifier(_("This host name is not valid.")) from error
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise InvalidIdentifier(_("This host name is not valid."))
    return ascii_host


def _ip_host(host: str) -> str | None:
    """The address when ``host`` is written as an IPv4 address; refuses numbers that are not one."""
    if not host.rsplit(".", 1)[-1].isdigit():
        return None
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError as error:
        raise InvalidIdentifier(_("This IP address is not valid.")) from error


def _host(host: str) -> str:
    if host.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
        except ValueError as error:
            raise InvalidIdentifier(_("This IP address is not valid.")) from error
    ascii_host = _ascii_host(host)
    return _ip_host(ascii_host) or ascii_host


def _split_authority(netloc: str) -> tuple[str, str, str]:
    userinfo, at, hostport = netloc.rpartition("@")
    if hostport.startswith("["):
        host, bracket, port = hostport.partition("]")
        if not bracket or (port and not port.startswith(":")):
            raise InvalidIdentifier(_("This link's address is not valid."))
        return userinfo if at else "", host + "]", port[1:]
    host, _colon, port = hostport.partition(":")
    return userinfo if at else "", host, port


def _with_scheme(text: str) -> str:
    if text.startswith("//"):
        return "http:" + text
    match = _SCHEME.match(text)
    if match and match.group(2):
        if match.group(1).lower() not in _ALLOWED_SCHEMES:
            raise InvalidIdentifier(_("Only web links (http, https or ftp) are accepted."))
        return text
    # "javascript:..." or "mailto:..." (a scheme without "//"), but not "example.com:8080/".
    if match and not text[match.end() : match.end() + 1].isdigit():
        raise InvalidIdentifier(_("Only web links (http, https or ftp) are accepted."))
    return "http://" + text


def normalise_url(raw: str) -> str:
    """A link, re-fanged: scheme and host lower-cased, default port and fragment dropped."""
    text = _with_scheme(refang(clean_text(raw)))
    try:
        parts = urlsplit(text)
    except ValueError as error:
        raise InvalidIdentifier(_("This is not a link.")) from error
    scheme = parts.scheme.lower()
    userinfo, host, port = _split_authority(parts.netloc)
    if not host:
        raise InvalidIdentifier(_("This link has no site name (such as example.com)."))
    host = _host(host)
    if port:
        if not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
            raise InvalidIdentifier(_("This link's port number is not valid."))
        port = "" if int(port) == _ALLOWED_SCHEMES[scheme] else f":{int(port)}"
    userinfo = quote(userinfo, safe="%:!$&'()*+,;=-._~") + "@" if userinfo else ""
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    query = "?" + quote(parts.query, safe=_QUERY_SAFE) if parts.query else ""
    return f"{scheme}://{userinfo}{host}{port}{path}{query}"


def parse_url(raw: str) -> Normalised:
    return Normalised(type="url", value=normalise_url(raw))


def parse_domain(raw: str) -> Normalised:
    text = refang(clean_text(raw))
    if "/" in text or "@" in text or ":" in text:
        host = urlsplit(normalise_url(text)).hostname or ""
    else:
        host = _ascii_host(text)
    if host.startswith("[") or _ip_host(host) or ":" in host:
        raise InvalidIdentifier(_("This is an IP address, not a domain: choose “IP address”."))
    domain = _SUFFIXES.privatesuffix(host)
    if domain is None:
        if _SUFFIXES.publicsuffix(host) is None:
            raise InvalidIdentifier(
                _("This domain does not end with a known extension (.cm, .com…).")
            )
        # A hosting platform itself ("blogspot.com") is still a domain someone owns.
        domain = _icann_suffixes().privatesuffix(host)
    if domain is None:
        raise InvalidIdentifier(_("This is an extension shared by many sites, not one domain."))
    return Normalised(type="domain", value=domain)


def parse_ip(raw: str) -> Normalised:
    text = refang(clean_text(raw))
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if "%" in text:
        raise InvalidIdentifier(_("Give the IP address without a network interface (%…)."))
    try:
        address = ipaddress.ip_address(text)
    except ValueError as error:
        raise InvalidIdentifier(
            _(
                "This is not an IP address (four numbers from 0 to 255, such as 203.0.113.7, or IPv6)."
            )
        ) from error
    return Normalised(type="ip", value=address.compressed)


def normalise_email(raw: str) -> str:
    """An e-mail address, lower-cased, with its domain in IDNA form."""
    value = refang(clean_text(raw))
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    local, _sep, domain = value.rpartition("@")
    if not local or not domain:
        raise InvalidIdentifier(_("This is not an e-mail address."))
    if not local.isascii():
        raise InvalidIdentifier(
            _("This e-mail address has letters that only look like Latin letters before the @.")
        )
    try:
        domain = _ascii_host(domain)
        validate_email(f"{local}@{domain}")
    except (InvalidIdentifier, ValidationError) as error:
        raise InvalidIdentifier(_("This is not an e-mail address.")) from error
    return f"{local.lower()}@{domain}"


def parse_email(raw: str) -> Normalised:
    return Normalised(type="email", value=normalise_email(raw))
