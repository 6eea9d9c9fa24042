"""Values partners send that must never correlate nor be listed as fraud: the platform's own
warning list, and the shared domains of the MISP warning lists shipped in ``pymispwarninglists``
(link shorteners, webmail, the busiest sites). Pure reads, cached per process."""

from urllib.parse import urlsplit

from vigilance.indicators.normalise import InvalidIdentifier, normalise
from vigilance.indicators.sites import is_shared_domain
from vigilance.indicators.warning_list import is_warning_listed


def on_warning_list(type: str, value: str) -> bool:
    """Whether the normal form ``value`` of ``type`` is on a warning list."""
    if is_warning_listed(type, value):
        return True
    host = _host(type, value)
    if not host:
        return False
    try:
        domain = normalise("domain", host).value
    except InvalidIdentifier:
        return False
    return is_warning_listed("domain", domain) or is_shared_domain(host, domain)


def _host(type: str, value: str) -> str:
    if type == "domain":
        return value
    if type == "email":
        return value.rpartition("@")[2].rstrip(".").lower()
    if type == "url":
        try:
            return (urlsplit(value).hostname or "").rstrip(".").lower()
        except ValueError:
            return ""
    return ""
