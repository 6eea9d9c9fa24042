"""Handset identifiers: the IMEI (15 digits, the last a Luhn check digit)."""

import re

from django.utils.translation import gettext as _
from stdnum import imei

from vigilance.indicators.normalise.base import InvalidIdentifier, Normalised, clean_text

_SEPARATORS = re.compile(r"[\s\-./]")


def parse_imei(raw: str) -> Normalised:
    value = _SEPARATORS.sub("", clean_text(raw))
    if not value.isascii() or not value.isdigit():
        raise InvalidIdentifier(_("An IMEI holds only digits (dial *#06# to see it)."))
    if len(value) == 16:
        raise InvalidIdentifier(
            _("This is an IMEISV (16 digits): give the 15-digit IMEI shown by *#06#.")
        )
    if len(value) != 15:
        raise InvalidIdentifier(
            _("An IMEI has 15 digits; this one has %(count)s.") % {"count": len(value)}
        )
    if not imei.is_valid(value):
        raise InvalidIdentifier(
            _("This IMEI's last digit does not match the others: check each digit.")
        )
    return Normalised(type="imei", value=value)
