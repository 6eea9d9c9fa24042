"""Normal forms of identifiers: plain functions on plain values.

``normalise(type, raw)`` returns the normal form or raises ``InvalidIdentifier`` with a reason a
person understands; a value is never silently changed into something else. ``display`` shows a
normal form to people: phone numbers spaced, links and addresses defanged.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigilance.indicators.normalise.bank import parse_bank_account, rib_key
from vigilance.indicators.normalise.base import (
    MAX_LENGTH,
    InvalidIdentifier,
    Normalised,
    clean_text,
)
from vigilance.indicators.normalise.crypto import parse_crypto_wallet
from vigilance.indicators.normalise.device import parse_imei
from vigilance.indicators.normalise.phone import (
    DEFAULT_REGION,
    MomoProvider,
    display_phone,
    normalise_phone,
    parse_momo_account,
    parse_phone,
)
from vigilance.indicators.normalise.social import parse_social_profile
from vigilance.indicators.normalise.web import (
    defang,
    normalise_email,
    normalise_url,
    parse_domain,
    parse_email,
    parse_ip,
    parse_url,
    refang,
)

__all__ = [
    "DEFAULT_REGION",
    "MAX_LENGTH",
    "PLACEHOLDERS",
    "TYPES",
    "InvalidIdentifier",
    "MomoProvider",
    "Normalised",
    "defang",
    "display",
    "normalise",
    "normalise_email",
    "normalise_phone",
    "normalise_url",
    "provider_label",
    "refang",
    "rib_key",
    "type_label",
]

TYPES = {
    "phone": gettext_lazy("Phone number"),
    "momo_account": gettext_lazy("Mobile-money account"),
    "email": gettext_lazy("E-mail address"),
    "url": gettext_lazy("Link (URL)"),
    "domain": gettext_lazy("Website or domain"),
    "ip": gettext_lazy("IP address"),
    "bank_account": gettext_lazy("Bank account (IBAN or RIB)"),
    "crypto_wallet": gettext_lazy("Crypto wallet"),
    "social_profile": gettext_lazy("Social media profile"),
    "imei": gettext_lazy("Phone IMEI"),
}


def type_label(kind: str) -> str:
    """The name of a type of identifier in the active language (the code if unknown)."""
    return str(TYPES.get(kind, kind))


def provider_label(provider: str) -> str:
    """Who runs an account, by brand: a mobile-money code becomes its name, a carrier stays."""
    return str(MomoProvider(provider).label) if provider in MomoProvider.values else provider


# What a person might type for each type, shown as an example in empty fields.
PLACEHOLDERS = {
    "phone": "677 12 34 56",
    "momo_account": "650 11 22 33",
    "email": "name@example.com",
    "url": "https://...",
    "domain": "example.com",
    "ip": "203.0.113.7",
    "bank_account": "CM21 10005 00001 12345678901 34",
    "crypto_wallet": "bc1q...",
    "social_profile": "facebook.com/jean.dupont",
    "imei": "35 209900 176148 1",
}

_NORMALISERS: dict[str, Callable[[str], Normalised]] = {
    "phone": parse_phone,
    "momo_account": parse_momo_account,
    "email": parse_email,
    "url": parse_url,
    "domain": parse_domain,
    "ip": parse_ip,
    "bank_account": parse_bank_account,
    "crypto_wallet": parse_crypto_wallet,
    "social_profile": parse_social_profile,
    "imei": parse_imei,
}


def normalise(type: str, raw: str) -> Normalised:
    """The normal form of ``raw`` read as ``type``."""
    if type not in TYPES:
        raise InvalidIdentifier(_("Unknown type of identifier."))
    normalised = _NORMALISERS[type](clean_text(raw))
    if len(normalised.value) > MAX_LENGTH:
        raise InvalidIdentifier(
            _("This value is too long (%(count)s characters at most).") % {"count": MAX_LENGTH}
        )
    return normalised


def display(type: str, value: str) -> str:
    """How a normal form is shown to people: phone numbers spaced, links never clickable."""
    if type in ("phone", "momo_account"):
        return display_phone(value)
    return defang(type, value)
