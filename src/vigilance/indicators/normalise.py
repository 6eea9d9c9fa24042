"""Normal forms of identifiers (CONTRACT.md): plain functions on plain values.

``normalise(type, raw)`` returns the normal form or raises ``InvalidIdentifier`` with a reason a
person understands; a value is never silently changed into something else.
"""

from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_REGION = "CM"

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


class InvalidIdentifier(ValueError):
    """The value cannot be read as the type given; ``str()`` is the reason, translated."""


@dataclass(frozen=True)
class Normalised:
    type: str
    value: str
    provider: str = ""


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidIdentifier(_("This is not a phone number.")) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier(
            _("This phone number is not valid: check the number of digits and the country code.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    value = raw.strip()
    local, _sep, domain = value.rpartition("@")
    if not local or not domain:
        raise InvalidIdentifier(_("This is not an e-mail address."))
    try:
        domain = domain.encode("idna").decode("ascii").lower()
        validate_email(f"{local}@{domain}")
    except (UnicodeError, ValidationError) as error:
        raise InvalidIdentifier(_("This is not an e-mail address.")) from error
    return f"{local.lower()}@{domain}"


_NORMALISERS = {"phone": normalise_phone, "momo_account": normalise_phone, "email": normalise_email}


def normalise(type: str, raw: str) -> Normalised:
    """The normal form of ``raw`` read as ``type``."""
    if type not in TYPES:
        raise InvalidIdentifier(_("Unknown type of identifier."))
    raw = raw.strip()
    if not raw:
        raise InvalidIdentifier(_("This value is empty."))
    if len(raw) > 500:
        raise InvalidIdentifier(_("This value is too long."))
    normaliser = _NORMALISERS.get(type)
    value = normaliser(raw) if normaliser else raw
    return Normalised(type=type, value=value)
