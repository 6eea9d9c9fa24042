"""Pure rules of alert subscriptions: the normal form of an address, what counts as "STOP" in a
reply, and an SMS that fits one GSM-7 message. No database here."""

import re
import unicodedata

import phonenumbers
from django.utils.translation import gettext as _

from vigilance.indicators.normalise.base import InvalidIdentifier
from vigilance.indicators.normalise.phone import normalise_phone
from vigilance.indicators.normalise.web import normalise_email

SMS_LENGTH = 160
# The GSM 03.38 basic character set: a message of these characters alone fits 160 per SMS.
GSM7_CHARACTERS = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Typographic punctuation people paste into titles, as GSM-7 writes it.
_PUNCTUATION = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
                "\u00bb": '"', "\u2013": "-", "\u2014": "-"}  # fmt: skip
_STOP_WORDS = frozenset({"STOP", "ARRET"})
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class AddressInvalid(ValueError):
    """An address nobody can subscribe with; the message says why, in the active language."""


def address_normalise(channel: str, raw: str) -> str:
    """The E.164 form of a Cameroonian mobile number, or the lower-cased e-mail address."""
    if channel == "sms":
        try:
            number = normalise_phone(raw)
        except InvalidIdentifier as error:
            raise AddressInvalid(str(error)) from error
        parsed = phonenumbers.parse(number)
        if parsed.country_code != 237 or phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
            raise AddressInvalid(
                _("Alerts by SMS go to Cameroonian mobile numbers only (6XX XX XX XX).")
            )
        return number
    try:
        return normalise_email(raw)
    except InvalidIdentifier as error:
        raise AddressInvalid(str(error)) from error


def is_stop(text: str) -> bool:
    """ "STOP", "Arrêt", " arret " ...: any case, accents and spaces around or inside."""
    plain = unicodedata.normalize("NFKD", text or "")
    letters = "".join(c for c in plain if not unicodedata.combining(c) and not c.isspace())
    return letters.upper().strip(".!") in _STOP_WORDS


def gsm7(text: str) -> str:
    """The text with the characters GSM-7 lacks replaced by their plain letter (ê -> e)."""
    shown = []
    for character in text:
        if character in GSM7_CHARACTERS:
            shown.append(character)
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c)
        )
        if plain and all(c in GSM7_CHARACTERS for c in plain):
            shown.append(plain)
        elif character in _PUNCTUATION:
            shown.append(_PUNCTUATION[character])
        else:
            shown.append(" " if character.isspace() else "")
    return re.sub(r" {2,}", " ", "".join(shown))


def sms_fit(*, prefix: str, title: str, suffix: str) -> str:
    """``prefix title suffix`` in GSM-7 within one SMS, shortening the title when needed."""
    prefix, title, suffix = gsm7(prefix), gsm7(title), gsm7(suffix)
    room = SMS_LENGTH - len(prefix) - len(suffix) - 2
    if len(title) > room:
        title = title[: max(room - 1, 0)].rstrip() + "."
    return f"{prefix} {title} {suffix}".strip()[:SMS_LENGTH]
