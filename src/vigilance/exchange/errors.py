"""Why an import was refused, in the reader's language: one sentence per refusal code, filled
with the refusal's details (``ImportRefused(code, **detail)``)."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "misp_malformed_json": _("The MISP file is not valid JSON: %(error)s."),
    "misp_no_event": _('The file holds no MISP event (no "Event" nor "response" list).'),
    "misp_invalid_event": _("The MISP event is not well formed: %(reason)s."),
    "misp_unknown_type": _("The attribute type “%(type)s” is not a MISP type."),
    "misp_too_large": _("The MISP event is larger than the %(limit)s bytes allowed."),
    "hash_mismatch": _(
        "The event %(event)s does not match the feed's hashes.csv: it was changed on the way "
        "and is refused."
    ),
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def import_error_message(code: str, detail: dict[str, Any]) -> str:
    """The sentence for ``code``, filled with ``detail`` (missing values left blank)."""
    message = MESSAGES.get(code)
    if message is None:
        return gettext("The file was refused (%(code)s).") % {"code": code}
    return str(message) % _Blank(detail)
