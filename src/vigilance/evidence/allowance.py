"""How much the public may upload: files and bytes per report form, and per address per hour;
and the same file only once per report.

The address is never kept: the hourly counters are keyed by a keyed hash of it, in the cache,
and expire with their hour.
"""

import hashlib
import time
from collections.abc import Iterable

from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024
# What one report may hold, in its form and once filed.
REPORT_MAX_BYTES = 20 * MEGABYTE
# What one address may send in an hour, whatever the form, report or channel: a shared
# connection (a cyber café, a mobile operator's gateway) still leaves room for a few victims.
ADDRESS_MAX_FILES_PER_HOUR = 30
ADDRESS_MAX_BYTES_PER_HOUR = 30 * MEGABYTE
_HOUR = 3600


class AllowanceExceeded(ValueError):
    """A file beyond what may be sent, with the reason in the reporter's language."""


class DuplicateFile(AllowanceExceeded):
    """A file whose content the report already holds, named as the reporter first added it."""


def _keys(address: str) -> tuple[str, str]:
    sender = salted_hmac("evidence.upload.address", address).hexdigest()[:32]
    window = int(time.time()) // _HOUR
    return f"evidence-upload:{sender}:{window}:files", f"evidence-upload:{sender}:{window}:bytes"


def _address_message() -> str:
    return _(
        "Too many files were sent from your connection in the last hour. The files already "
        "added are kept: send this one later."
    )


def address_check(*, address: str, size: int) -> None:
    """Raise AllowanceExceeded if one more file of ``size`` bytes is over the address's hour."""
    files_key, bytes_key = _keys(address)
    counts = cache.get_many([files_key, bytes_key])
    if counts.get(files_key, 0) + 1 > ADDRESS_MAX_FILES_PER_HOUR:
        raise AllowanceExceeded(_address_message())
    if counts.get(bytes_key, 0) + size > ADDRESS_MAX_BYTES_PER_HOUR:
        raise AllowanceExceeded(_address_message())


def address_spend(*, address: str, size: int) -> None:
    """Count a file that was kept against the address's hour."""
    for key, amount in zip(_keys(address), (1, size), strict=True):
        cache.add(key, 0, timeout=_HOUR)
        try:
            cache.incr(key, amount)
        except ValueError:
            # The counter expired between the two calls: this file opens the new hour.
            cache.set(key, amount, timeout=_HOUR)


def report_check(*, files: int, size: int, max_files: int) -> None:
    """Raise AllowanceExceeded if a report holding ``files`` files of ``size`` bytes in all is full."""
    if files > max_files:
        raise AllowanceExceeded(_("At most %(count)s files per report.") % {"count": max_files})
    if size > REPORT_MAX_BYTES:
        raise AllowanceExceeded(
            _(
                "Together, your files would exceed %(limit)s per report. Remove a file, or "
                "send a smaller one."
            )
            % {"limit": filesizeformat(REPORT_MAX_BYTES)}
        )


def duplicate_check(*, content: bytes, held: Iterable[tuple[str, str]]) -> None:
    """Raise DuplicateFile if the report already holds this content; ``held`` gives the
    SHA-256 and name of each file it holds."""
    sha256 = hashlib.sha256(content).hexdigest()
    for held_sha256, name in held:
        if held_sha256 == sha256:
            raise DuplicateFile(_("You have already added this file (%(name)s).") % {"name": name})
