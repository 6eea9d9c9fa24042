"""The signed acknowledgement of receipt of a report, as a PDF the reporter can keep and show.

It proves what was filed and when (reference, identifiers, loss, evidence hashes) without the
tracking code, so that handing it to a bank or an employer does not give access to the report.

A receipt is rendered and signed once (about a second of CPU), kept encrypted like evidence, and
served as first issued until what it shows changes (evidence added, an identity completed): then
it is issued again. Each process renders a bounded number at once; a request that finds no free
slot in time gets a 503 asking to try again, rather than piling more work on a loaded server.

WeasyPrint and pyHanko are imported when a receipt is made, not with this module: together they
add ~50 MB to a web worker, and most workers only ever take submissions.
"""

import datetime as dt
import functools
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vigilance.core.documents import (
    issued_copy_forget,
    issued_copy_get,
    issued_copy_keep,
    offline_url_fetcher,  # noqa: F401  (the case file and the receipts' tests take it from here)
    pdf_from_html,
)
from vigilance.core.errors import Busy
from vigilance.core.qr_codes import qr_svg_data_uri
from vigilance.evidence import crypto
from vigilance.evidence.filetypes import kind_label
from vigilance.indicators.normalise import TYPES, defang
from vigilance.intake.models import LossChannel, Report, ReporterRole, ReporterType
from vigilance.intake.next_steps import provider_label
from vigilance.intake.selectors import report_public_view

SIGNATURE_REASON = "Accusé de réception / Acknowledgement of receipt"
DISPLAY_ZONE = ZoneInfo("Africa/Douala")
TEMPLATE = "intake/receipt_pdf.html"
# Requests for one receipt wait for each other, so that it is rendered once; striped by name.
_SAME_RECEIPT = tuple(threading.Lock() for _ in range(64))
RETRY_AFTER_SECONDS = 30


@dataclass(frozen=True)
class ReceiptIdentifier:
    label: str
    value: str
    provider: str


@dataclass(frozen=True)
class ReceiptEvidence:
    name: str
    size: int
    kind: str  # "PNG image", in the receipt's language: never a MIME type
    sha256: str


def format_amount(amount: Decimal, currency: str) -> str:
    """75000 -> "75 000 XAF" in French, "75,000 XAF" in English; cents only when there are some."""
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    return f"{number}\N{NO-BREAK SPACE}{currency}"


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, DISPLAY_ZONE)


def follow_url(language: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/{language}/follow/"


@functools.lru_cache(maxsize=16)
def qr_data_uri(url: str) -> str:
    """A QR code of ``url``, kept: the few follow pages' addresses are drawn again and again."""
    return qr_svg_data_uri(url)


def _context(report: Report) -> dict[str, object]:
    view = report_public_view(report)
    url = follow_url(report.language)
    return {
        "report": report,
        "submitted_at": _local(report.submitted_at),
        "consent_at": _local(report.consent_at),
        "category": report.category.name,
        "region": report.region.name,
        "department": report.department.name if report.department else "",
        "reporter_type": ReporterType(report.reporter_type).label,
        "reporter_role": ReporterRole(report.reporter_role).label,
        "identifiers": [
            ReceiptIdentifier(
                label=str(TYPES.get(i.type, i.type)),
                value=defang(i.type, i.value),
                provider=provider_label(i.provider),
            )
            for i in report.identifiers.order_by("id")
        ],
        "loss_amount": (
            format_amount(report.loss_amount, report.loss_currency)
            if report.loss_amount is not None
            else ""
        ),
        "loss_channel": LossChannel(report.loss_channel).label if report.loss_channel else "",
        "evidence": [
            ReceiptEvidence(
                name=e.original_name, size=e.size, kind=kind_label(e.content_type), sha256=e.sha256
            )
            for e in view.evidence
        ],
        "follow_url": url,
        "qr_code": qr_data_uri(url),
        "helpline": settings.HELPLINE,
        "issued_at": _local(timezone.now()),
    }


def receipt_pdf(report: Report) -> bytes:
    """The receipt, signed by the platform: the copy kept, or a new one if its facts changed."""
    from vigilance.core.signing import certificate_fingerprint, sign_pdf

    with translation.override(report.language):
        context = _context(report)
        # What the receipt shows, its issue time aside: the same facts, the same receipt.
        facts = render_to_string(TEMPLATE, {**context, "issued_at": None})
    fingerprint = hashlib.sha256(f"{certificate_fingerprint()}\n{facts}".encode()).hexdigest()
    name = f"receipt:{report.public_id}"
    kept = _kept_copy(name, fingerprint)
    if kept is not None:
        return kept
    with _rendering_slot(name):
        kept = _kept_copy(name, fingerprint)  # made by the request this one waited for
        if kept is not None:
            return kept
        with translation.override(report.language):
            html = render_to_string(TEMPLATE, context)
        pdf = sign_pdf(pdf_from_html(html), reason=SIGNATURE_REASON)
        stored = issued_copy_keep(name=name, fingerprint=fingerprint, content=crypto.encrypt(pdf))
    return crypto.decrypt(stored)


def _kept_copy(name: str, fingerprint: str) -> bytes | None:
    stored = issued_copy_get(name=name, fingerprint=fingerprint)
    if stored is None:
        return None
    try:
        return crypto.decrypt(stored)
    except InvalidToken:
        # Encrypted under a key since removed from EVIDENCE_KEYS: issue it again.
        issued_copy_forget(name=name)
        return None


@functools.cache
def _rendering_slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


@contextmanager
def _rendering_slot(name: str) -> Iterator[None]:
    """Wait for this receipt's turn and a free rendering slot, or raise Busy after the wait."""
    deadline = time.monotonic() + settings.RECEIPT_RENDER_WAIT_SECONDS
    same = _SAME_RECEIPT[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(_SAME_RECEIPT)]
    slots = _rendering_slots(settings.RECEIPT_RENDER_CONCURRENCY)
    if not same.acquire(timeout=settings.RECEIPT_RENDER_WAIT_SECONDS):
        raise _busy()
    try:
        if not slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _busy()
        try:
            yield
        finally:
            slots.release()
    finally:
        same.release()


def _busy() -> Busy:
    return Busy(
        _(
            "Many receipts are being prepared right now. Your report is safely recorded: "
            "try again in a minute to download its receipt."
        ),
        retry_after=RETRY_AFTER_SECONDS,
    )
