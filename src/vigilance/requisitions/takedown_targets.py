"""What a takedown may aim at, in its normal form, and how a child-abuse link is masked.

Plain functions on plain values: no database.
"""

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from vigilance.indicators.normalise import InvalidIdentifier, display, normalise

# Short codes of the country's operators: 3 to 8 digits (e.g. 8012, 150).
SHORT_CODE = re.compile(r"^\d{3,8}$")
MASK = "…"


def normalise_target(target_type: str, value: str) -> str:
    """The normal form of the target; InvalidIdentifier with a reason a person reads."""
    if target_type == "short_code":
        compact = re.sub(r"[\s#*]", "", value)
        if not SHORT_CODE.match(compact):
            raise InvalidIdentifier(_("A short code is 3 to 8 digits."))
        return compact
    return normalise(target_type, value).value


def masked(target_type: str, value: str) -> str:
    """A link without its path, query or fragment: ``https://host/…``. Other kinds unchanged."""
    if target_type != "url":
        return value
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.hostname or ''}/{MASK}"


def shown_target(target_type: str, value: str, *, in_full: bool, is_child_abuse: bool) -> str:
    """The target as a person reads it: defanged, and masked for child abuse unless ``in_full``."""
    if is_child_abuse and not in_full:
        return display(target_type, masked(target_type, value))
    if target_type == "short_code":
        return value
    return display(target_type, value)
