"""Why a partner's file was refused, worded for the reader: one sentence per refusal code
(``ImportRefused.code``), its parameters (``ImportRefused.detail``) filled in."""

from collections import defaultdict
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "unknown_format": _("This file is neither a STIX 2.1 bundle nor a MISP event."),
    "malformed_json": _(
        "The file is not valid JSON (near object %(position)s): it was not imported."
    ),
    "not_a_bundle": _(
        'The file is JSON but not a STIX 2.1 bundle: it needs "type": "bundle" and a bundle id.'
    ),
    "malformed_object": _(
        'Object %(position)s (%(id)s) is malformed: its property "%(property)s" is missing '
        "or invalid. Nothing was imported."
    ),
    "unknown_type": _(
        "Object %(position)s (%(id)s) has a type that is neither STIX 2.1 nor defined by an "
        "extension: %(type)s. Nothing was imported."
    ),
    "wrong_spec_version": _(
        'Object %(position)s (%(id)s) is not STIX 2.1 (spec_version "%(version)s"). Nothing '
        "was imported."
    ),
    "bad_pattern": _(
        "The pattern of indicator %(position)s (%(id)s) does not parse: %(pattern)s. Nothing "
        "was imported."
    ),
    "too_big": _("The file is larger than the %(limit)s allowed."),
    "wrong_partner": _(
        "%(partner)s is not an organisation the platform exchanges indicators with."
    ),
    "file_missing": _("The uploaded file was no longer there to import."),
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


def import_error_message(code: str, detail: dict[str, Any]) -> str:
    """The refusal ``code`` in the active language; a missing parameter shows as "?"."""
    message = MESSAGES.get(code)
    if message is None:
        return gettext("The file was refused (%(code)s).") % {"code": code}
    values: defaultdict[str, Any] = defaultdict(lambda: "?", detail)
    return str(message) % values
