"""Phone numbers and mobile-money accounts: E.164, read as Cameroonian when no country is given."""

import functools
import re

import phonenumbers
from django.db import models
from django.utils.translation import gettext as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from vigilance.indicators.carriers import carrier_for
from vigilance.indicators.normalise.base import InvalidIdentifier, Normalised, clean_text

DEFAULT_REGION = "CM"

# Digits (any script: phonenumbers reads them), the separators people write, and a leading "+".
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-/]+$")

# Carrier names in phonenumbers' data ("MTN Cameroon", "NEXTTEL") written the way people say them.
_CARRIERS = {"mtn": "MTN", "orange": "Orange", "nexttel": "Nexttel", "camtel": "Camtel"}


class MomoProvider(models.TextChoices):
    """Who runs a mobile-money account: the ``provider`` of its indicator, shown by brand."""

    MTN_MOMO = "mtn_momo", "MTN Mobile Money"
    ORANGE_MONEY = "orange_money", "Orange Money"


_MOMO_PROVIDERS = {"MTN": MomoProvider.MTN_MOMO, "Orange": MomoProvider.ORANGE_MONEY}
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    value = clean_text(raw)
    if not _PHONE_CHARACTERS.match(value):
        raise InvalidIdentifier(
            _("A phone number holds only digits, spaces, dashes, brackets and a leading +.")
        )
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidIdentifier(_("This is not a phone number.")) from error
    if phonenumbers.is_valid_number(number):
        return number
    national = str(number.national_number)
    if number.country_code == 237 and len(national) == 8:
        raise InvalidIdentifier(
            _(
                "Cameroonian numbers have 9 digits since 2014: add 6 in front of a mobile number "
                "or 2 in front of a fixed line."
            )
        )
    raise InvalidIdentifier(
        _("This phone number is not valid: check the number of digits and the country code.")
    )


def carrier_name(number: phonenumbers.PhoneNumber) -> str:
    """The operator the number was allocated to ("MTN", "Orange"...), or "" when unknown."""
    return _carrier_shown(phonenumbers.format_number(number, PhoneNumberFormat.E164))


def _carrier_shown(e164: str) -> str:
    name = carrier_for(e164)
    for key, shown in _CARRIERS.items():
        if key in name.lower():
            return shown
    return name[:40]


# A Cameroonian number already written in E.164 (what apps and partners send).
_E164_CM = re.compile(r"\+237([1-9][0-9]{8})", re.ASCII)


def e164_cm_normal_form(kind: str, raw: str) -> str | None:
    """The normal form ``normalise(kind, raw)`` gives a valid Cameroonian number written in
    E.164, without parsing the text again; None for anything else, errors included, which then
    take the full path (the tests compare both)."""
    if kind not in ("phone", "momo_account"):
        return None
    value = raw.strip()
    match = _E164_CM.fullmatch(value)
    if match is None:
        return None
    is_valid, is_mobile = _cameroonian_number_kind(int(match[1]))
    if not is_valid or (kind == "momo_account" and not is_mobile):
        return None
    return value


@functools.lru_cache(maxsize=4096)
def _cameroonian_number_kind(national_number: int) -> tuple[bool, bool]:
    """Whether a Cameroonian number is valid, and a mobile one. Remembered per process: the
    numbers people check come back again and again (each target of a scam checks its number),
    and phonenumbers' rules cost more than the rest of the normalisation."""
    number = phonenumbers.PhoneNumber(country_code=237, national_number=national_number)
    if not phonenumbers.is_valid_number(number):
        return False, False
    return True, phonenumbers.number_type(number) in _MOBILE_TYPES


# A Cameroonian number as reporters write it: its nine digits, or "+237" and them, spaced or not.
_WRITTEN_CM = re.compile(r"(?:\+237)?([1-9][0-9]{8})", re.ASCII)


def cameroonian_as_written(raw: str) -> tuple[str, bool] | None:
    """The E.164 form of a valid Cameroonian number written in those forms, and whether it is a
    mobile, without phonenumbers' parser (the validity is remembered per number); None for
    anything else, errors included, which then takes the full path (the tests compare both)."""
    match = _WRITTEN_CM.fullmatch(raw.strip().replace(" ", ""))
    if match is None:
        return None
    is_valid, is_mobile = _cameroonian_number_kind(int(match[1]))
    if not is_valid:
        return None
    return f"+237{match[1]}", is_mobile


def normalise_phone(raw: str) -> str:
    """The E.164 form of a phone number (``+237677123456``)."""
    written = cameroonian_as_written(clean_text(raw))
    if written is not None:
        return written[0]
    return phonenumbers.format_number(_parse(raw), PhoneNumberFormat.E164)


def parse_phone(raw: str) -> Normalised:
    written = cameroonian_as_written(clean_text(raw))
    if written is not None:
        return Normalised(type="phone", value=written[0], provider=_carrier_shown(written[0]))
    return phone_of(_parse(raw))


def parse_momo_account(raw: str) -> Normalised:
    written = cameroonian_as_written(clean_text(raw))
    if written is not None and written[1]:
        e164 = written[0]
        provider = str(_MOMO_PROVIDERS.get(_carrier_shown(e164), ""))
        return Normalised(type="momo_account", value=e164, provider=provider)
    return momo_account_of(_parse(raw))


def phone_of(number: phonenumbers.PhoneNumber) -> Normalised:
    """The normal form of a valid, parsed number."""
    return Normalised(
        type="phone",
        value=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        provider=carrier_name(number),
    )


def momo_account_of(number: phonenumbers.PhoneNumber) -> Normalised:
    """The normal form of the wallet of a valid, parsed number; refused if not a mobile."""
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidIdentifier(
            _("A mobile-money account is a mobile phone number; this one is not a mobile number.")
        )
    return Normalised(
        type="momo_account",
        value=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        provider=str(_MOMO_PROVIDERS.get(carrier_name(number), "")),
    )


def display_phone(value: str) -> str:
    """``+237677123456`` shown as ``+237 6 77 12 34 56``."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
