"""Which files a reporter may send, recognised from their content, not their name."""

import email.parser
import email.policy

import filetype
from django.utils.translation import gettext as _

# Detected MIME type -> what we call it. Anything else is refused.
ALLOWED = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "image/gif": "GIF",
    "image/heic": "HEIC",
    "application/pdf": "PDF",
    "audio/mpeg": "MP3",
    "audio/mp4": "M4A",
    "audio/x-m4a": "M4A",
    "audio/ogg": "OGG",
    "audio/x-wav": "WAV",
    "audio/amr": "AMR",
    "audio/aac": "AAC",
    "video/mp4": "MP4",
    "video/3gpp": "3GP",
    "message/rfc822": "E-mail",
    "text/plain": "Text",
}

_MAIL_HEADERS = {"from", "to", "subject", "date", "received", "message-id", "return-path"}

# Text a browser or a shell would run rather than show: refused even though it is "just text".
# JavaScript on its own has no marker to recognise; stored as text/plain and served as an
# attachment with nosniff, it is never run.
_ACTIVE_TEXT_STARTS = (
    b"<html",
    b"<!doctype",
    b"<head",
    b"<body",
    b"<svg",
    b"<script",
    b"<iframe",
    b"<?xml",
    b"<?php",
    b"#!",
)
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"


def _looks_like_email(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    message = email.parser.Parser(policy=email.policy.default).parsestr(text, headersonly=True)
    return len({key.lower() for key in message} & _MAIL_HEADERS) >= 2


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def _is_active_text(head: bytes) -> bool:
    """Markup, a server page or a script, whatever spaces or byte-order mark come before it."""
    start = head.lstrip()
    while start.startswith(_BYTE_ORDER_MARK):
        start = start.removeprefix(_BYTE_ORDER_MARK).lstrip()
    return start.lower().startswith(_ACTIVE_TEXT_STARTS)


def detect(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes, or None when it is not one we accept."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED else None
    if _is_text(head) and not _is_active_text(head):
        return "message/rfc822" if _looks_like_email(head) else "text/plain"
    return None


def kind_label(content_type: str) -> str:
    """What a person calls a file of this MIME type, in the active language: "PNG image"."""
    short = ALLOWED.get(content_type)
    if short is None:
        return _("Other file")
    family = content_type.split("/", 1)[0]
    if content_type == "application/pdf":
        return _("PDF document")
    if content_type == "message/rfc822":
        return _("E-mail message")
    if content_type == "text/plain":
        return _("Text file")
    if family == "image":
        return _("%(format)s image") % {"format": short}
    if family == "audio":
        return _("Audio recording (%(format)s)") % {"format": short}
    return _("%(format)s video") % {"format": short}
