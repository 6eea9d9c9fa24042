"""What every normaliser shares: the result, the one error, and the checks made on any input."""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_LENGTH = 500


class InvalidIdentifier(ValueError):
    """The value cannot be read as the type given; ``str()`` is the reason, translated."""


@dataclass(frozen=True)
class Normalised:
    type: str
    value: str
    provider: str = ""


# Control, format (zero-width, right-to-left override) and surrogate characters hide what a value
# really is; nobody types them on purpose.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def holds_hidden_characters(value: str) -> bool:
    # ASCII's only hidden characters are its controls, the ones it cannot print: the common case
    # is answered without asking Unicode's category of each character.
    if value.isascii():
        return not value.isprintable()
    return any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in value)


def clean_text(raw: str) -> str:
    """``raw`` without surrounding spaces, refused when empty, too long or holding hidden characters."""
    value = raw.strip()
    if not value:
        raise InvalidIdentifier(_("This value is empty."))
    if len(value) > MAX_LENGTH:
        raise InvalidIdentifier(
            _("This value is too long (%(count)s characters at most).") % {"count": MAX_LENGTH}
        )
    if holds_hidden_characters(value):
        raise InvalidIdentifier(
            _("This value contains invisible or control characters: type it again by hand.")
        )
    return value
