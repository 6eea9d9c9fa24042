"""Bank accounts: an IBAN, or a CEMAC RIB (bank, branch, account number and key, 23 characters)."""

import re

from django.utils.translation import gettext as _
from stdnum import iban
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from vigilance.indicators.normalise.base import InvalidIdentifier, Normalised, clean_text

_CEMAC_COUNTRIES = {"CM", "CF", "TD", "CG", "GQ", "GA"}
_SEPARATORS = re.compile(r"[\s\-.]")
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")
_RIB = re.compile(
    r"^(?P<bank>[0-9]{5})(?P<branch>[0-9]{5})(?P<account>[A-Z0-9]{11})(?P<key>[0-9]{2})$"
)

# Letters in an account number count as digits in the RIB key (the French table, used in CEMAC).
_LETTER_DIGITS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def rib_key(bank: str, branch: str, account: str) -> str:
    """The two-digit key of a RIB: 97 - ((89 bank + 15 branch + 3 account) mod 97)."""
    number = 89 * int(bank) + 15 * int(branch) + 3 * int(account.translate(_LETTER_DIGITS))
    return f"{97 - number % 97:02d}"


def _iban_checksum_matches(value: str) -> bool:
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _normalise_iban(value: str) -> str:
    # The CEMAC countries' IBANs (the country, two check digits and the RIB) are not in the SWIFT
    # registry that python-stdnum follows.
    if value[:2] in _CEMAC_COUNTRIES:
        if len(value) != 27 or not _RIB.match(value[4:]):
            raise InvalidIdentifier(
                _("This IBAN does not have the right number of characters for its country.")
            )
        if not _iban_checksum_matches(value):
            raise InvalidIdentifier(_("This IBAN's check digits are wrong: check each character."))
        return value
    try:
        return str(iban.validate(value))
    except InvalidChecksum as error:
        raise InvalidIdentifier(
            _("This IBAN's check digits are wrong: check each character.")
        ) from error
    except InvalidLength as error:
        raise InvalidIdentifier(
            _("This IBAN does not have the right number of characters for its country.")
        ) from error
    except ValidationError as error:
        raise InvalidIdentifier(_("This is not a valid IBAN: check the country code.")) from error


def parse_bank_account(raw: str) -> Normalised:
    value = _SEPARATORS.sub("", clean_text(raw)).upper()
    if value.startswith("IBAN"):
        value = value[len("IBAN") :].lstrip(":")
    if rib := _RIB.match(value):
        if rib["key"] != rib_key(rib["bank"], rib["branch"], rib["account"]):
            raise InvalidIdentifier(
                _("This RIB's key (its last two digits) does not match: check each digit.")
            )
        return Normalised(type="bank_account", value=value)
    if _IBAN.match(value):
        return Normalised(type="bank_account", value=_normalise_iban(value))
    raise InvalidIdentifier(
        _(
            "Give an IBAN (two letters then digits, such as CM21…) or a RIB of 23 digits "
            "(bank, branch, account number and key)."
        )
    )
