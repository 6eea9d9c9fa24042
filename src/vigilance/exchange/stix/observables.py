"""An identifier of the platform, (type, value), as a STIX 2.1 cyber-observable and as the
pattern of an indicator that matches it.

Built-in types where STIX has them (``email-addr``, ``url``, ``domain-name``, ``ipv4-addr``,
``ipv6-addr``, ``user-account`` for social profiles), the platform's extension types otherwise
(``extensions``). Ids are the deterministic ones STIX defines for SCOs (uuid5 of the
identifying properties), so the same value always has the same id, here and at partners'.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from stix2.v21 import URL, DomainName, EmailAddress, IPv4Address, IPv6Address, UserAccount
from stix2.v21.base import _Observable

from vigilance.exchange.stix.extensions import (
    BankAccount,
    CryptocurrencyWallet,
    MobileDevice,
    MobileMoneyAccount,
    PhoneNumber,
)
from vigilance.indicators.normalise.social import PLATFORMS

# The platform's host of each social network, back to the network's name; STIX's
# account-type vocabulary still calls X "twitter" (other networks are outside it: open values).
_NETWORK_OF_HOST = {host: network for network, host in PLATFORMS.items()}
_ACCOUNT_TYPE = {"x": "twitter"}


class NotExchangeable(ValueError):
    """The identifier has no STIX form (an unknown type, or a value that cannot be one)."""


@dataclass(frozen=True)
class Observable:
    sco: _Observable
    pattern: str


def pattern_literal(value: str) -> str:
    """A STIX pattern string literal: quotes and backslashes escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _comparison(object_path: str, value: str) -> str:
    return f"[{object_path} = {pattern_literal(value)}]"


def observable_for(
    *, type: str, value: str, provider: str = "", marking_refs: list[str]
) -> Observable:
    """The observable and pattern of one identifier; ``NotExchangeable`` if it has none."""
    common = {"object_marking_refs": marking_refs}
    with_provider = {"provider": provider} if provider else {}
    if type == "phone":
        return Observable(
            PhoneNumber(value=value, **with_provider, **common),
            _comparison("phone-number:value", value),
        )
    if type == "momo_account":
        return Observable(
            MobileMoneyAccount(value=value, **with_provider, **common),
            _comparison("mobile-money-account:value", value),
        )
    if type == "bank_account":
        return Observable(
            BankAccount(value=value, **with_provider, **common),
            _comparison("bank-account:value", value),
        )
    if type == "crypto_wallet":
        return Observable(
            CryptocurrencyWallet(value=value, **with_provider, **common),
            _comparison("cryptocurrency-wallet:value", value),
        )
    if type == "imei":
        return Observable(
            MobileDevice(imei=value, **common), _comparison("mobile-device:imei", value)
        )
    if type == "email":
        return Observable(
            EmailAddress(value=value, **common), _comparison("email-addr:value", value)
        )
    if type == "url":
        return Observable(URL(value=value, **common), _comparison("url:value", value))
    if type == "domain":
        return Observable(
            DomainName(value=value, **common), _comparison("domain-name:value", value)
        )
    if type == "ip":
        return _ip_observable(value, common)
    if type == "social_profile":
        return _social_observable(value, common)
    raise NotExchangeable(type)


def _ip_observable(value: str, common: dict[str, list[str]]) -> Observable:
    try:
        address = ipaddress.ip_address(value)
    except ValueError as error:
        raise NotExchangeable(value) from error
    if address.version == 4:
        return Observable(IPv4Address(value=value, **common), _comparison("ipv4-addr:value", value))
    return Observable(IPv6Address(value=value, **common), _comparison("ipv6-addr:value", value))


def _social_observable(value: str, common: dict[str, list[str]]) -> Observable:
    """A profile's canonical link (``https://x.com/name``) as a ``user-account`` of that network,
    identified by the link and logged in as the handle."""
    parts = urlsplit(value)
    network = _NETWORK_OF_HOST.get(parts.hostname or "")
    if network is None:
        raise NotExchangeable(value)
    handle = parts.path.strip("/") + (f"?{parts.query}" if parts.query else "")
    account = UserAccount(
        account_type=_ACCOUNT_TYPE.get(network, network),
        user_id=value,
        account_login=handle or value,
        **common,
    )
    return Observable(account, _comparison("user-account:user_id", value))
