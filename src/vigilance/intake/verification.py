"""Proving that a reporter holds the phone or e-mail they gave: a code by SMS, a link by e-mail.

A confirmed report weighs on the public check: its suspects' sightings count toward the status
other people read before paying. Codes are random, kept as a keyed hash, short-lived and allow
a few tries; links are signed, single-use and expire. Each proves only the number or address
it was sent to, so a contact changed since proves nothing.
"""

import datetime as dt
import enum
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from vigilance.audit.services import audit_record
from vigilance.core.ratelimit import RateLimited
from vigilance.core.sms import send_sms
from vigilance.intake.correlation import sightings_count_verified
from vigilance.intake.models import ContactVerification, Report, ReportEvent

Channel = ContactVerification.Channel

CODE_LIFETIME = dt.timedelta(minutes=10)
LINK_LIFETIME = dt.timedelta(hours=48)
MAX_ATTEMPTS = 5
# Codes or links sent per report and channel in an hour: a forgotten code is sent again, a
# stranger's number is not flooded.
MAX_SENDS_PER_HOUR = 3
_SEND_WINDOW = dt.timedelta(hours=1)
# Per address: asking for codes and links costs SMS and mail; typed codes are also bounded
# per code (MAX_ATTEMPTS).
SEND_RATE_PER_IP = "10/h"
SEND_RATE_GLOBAL = "2000/m"
CONFIRM_RATE_PER_IP = "30/h"
_LINK_SALT = "vigilance.intake.contact-link"
_CODE_SALT = "vigilance.intake.contact-code"


class Refusal(enum.Enum):
    NOTHING_TO_CONFIRM = "nothing_to_confirm"
    ALREADY_CONFIRMED = "already_confirmed"
    WRONG_CODE = "wrong_code"
    CODE_EXPIRED = "code_expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    LINK_INVALID = "link_invalid"


class VerificationRefused(ValueError):
    """Why a contact could not be confirmed, with a machine code and the person's message."""

    def __init__(self, refusal: Refusal, message: str):
        super().__init__(message)
        self.code = refusal.value
        self.message = message


@dataclass(frozen=True)
class Sent:
    channel: str
    sent_to: str  # masked: the end of the number, the start of the address
    expires_at: dt.datetime


def contact_for(report: Report, channel: str) -> str:
    """The number or address of the report a verification by ``channel`` goes to ("" if none)."""
    if report.is_anonymous:
        return ""
    return report.reporter_phone if channel == Channel.PHONE else report.reporter_email


def channels_to_confirm(report: Report) -> list[str]:
    """The ways this report's reporter can still confirm a contact (none once one is confirmed)."""
    if report.contact_verified_at is not None:
        return []
    return [channel for channel in Channel.values if contact_for(report, channel)]


def masked(contact: str) -> str:
    """Enough of a number or address for its owner to recognise it, not for others to read it."""
    if "@" in contact:
        local, domain = contact.split("@", 1)
        return f"{local[:1]}•••@{domain}"
    return f"•••• {contact[-2:]}" if len(contact) > 2 else "••••"


def _code_hash(verification: ContactVerification, code: str) -> str:
    typed = re.sub(r"[\s\-.]", "", code)[:20]
    value = f"{verification.public_id}:{typed}"
    return salted_hmac(_CODE_SALT, value, algorithm="sha256").hexdigest()


def _refuse_send(report: Report, channel: str) -> None:
    if report.contact_verified_at is not None:
        raise VerificationRefused(
            Refusal.ALREADY_CONFIRMED, _("Your contact details are already confirmed.")
        )
    if not contact_for(report, channel):
        raise VerificationRefused(
            Refusal.NOTHING_TO_CONFIRM,
            _("This report has no phone number to confirm.")
            if channel == Channel.PHONE
            else _("This report has no e-mail address to confirm."),
        )
    since = timezone.now() - _SEND_WINDOW
    recent = list(
        report.contact_verifications.filter(channel=channel, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= MAX_SENDS_PER_HOUR:
        wait = recent[-MAX_SENDS_PER_HOUR] + _SEND_WINDOW - timezone.now()
        raise RateLimited(retry_after=max(int(wait.total_seconds()), 1))


def link_url(verification: ContactVerification, language: str) -> str:
    token = signing.TimestampSigner(salt=_LINK_SALT).sign(str(verification.public_id))
    return f"{settings.PUBLIC_BASE_URL}/{language}/follow/confirm-email/{token}/"


def _deliver_code(report: Report, to: str, code: str) -> None:
    with translation.override(report.language):
        text = _(
            "Vigilance: %(code)s is your code to confirm your phone number for report "
            "%(reference)s. It expires in 10 minutes. Never give it to anyone who calls you."
        ) % {"code": code, "reference": report.reference}
    send_sms(to=to, text=text)


def _deliver_link(report: Report, verification: ContactVerification) -> None:
    with translation.override(report.language):
        subject = _("Confirm your e-mail address for report %(reference)s") % {
            "reference": report.reference
        }
        text = _(
            "Open this link to confirm that this e-mail address is yours, then press the "
            "button on the page:\n%(url)s\n\nThe link works once, for 48 hours. Confirmed "
            "reports weigh on the public warnings that help others check a number before "
            "paying. If you did not file report %(reference)s on Vigilance, ignore this message."
        ) % {"url": link_url(verification, report.language), "reference": report.reference}
    send_mail(subject, text, None, [verification.contact])


@transaction.atomic
def contact_verification_send(*, report: Report, channel: str) -> Sent:
    """Send a new code by SMS or a new link by e-mail; earlier ones of the channel stop working."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_send(report, channel)
    now = timezone.now()
    report.contact_verifications.filter(channel=channel, used_at__isnull=True).update(
        expires_at=now
    )
    lifetime = CODE_LIFETIME if channel == Channel.PHONE else LINK_LIFETIME
    verification = ContactVerification(
        report=report,
        channel=channel,
        contact=contact_for(report, channel),
        created_at=now,
        expires_at=now + lifetime,
    )
    if channel == Channel.PHONE:
        code = f"{secrets.randbelow(10**6):06d}"
        verification.code_hash = _code_hash(verification, code)
        verification.save()
        transaction.on_commit(lambda: _deliver_code(report, verification.contact, code))
    else:
        verification.save()
        transaction.on_commit(lambda: _deliver_link(report, verification))
    audit_record(
        actor=None,
        actor_label="reporter",
        action="report.contact_verification_sent",
        object_type="report",
        object_id=report.reference,
        details={"channel": channel},
    )
    return Sent(
        channel=channel,
        sent_to=masked(verification.contact),
        expires_at=verification.expires_at,
    )


def _confirmed(report: Report, verification: ContactVerification) -> Report:
    """Record the proof once: the report's date, its public history, the audit trail, and the
    counting of its sightings toward the public check."""
    now = timezone.now()
    verification.used_at = now
    verification.save(update_fields=["used_at"])
    if report.contact_verified_at is None:
        report.contact_verified_at = now
        report.save(update_fields=["contact_verified_at"])
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CONTACT_VERIFIED)
        audit_record(
            actor=None,
            actor_label="reporter",
            action="report.contact_verified",
            object_type="report",
            object_id=report.reference,
            details={"channel": verification.channel},
        )
        sightings_count_verified(report=report)
    return report


def _is_usable(verification: ContactVerification, report: Report) -> bool:
    return (
        verification.used_at is None
        and verification.expires_at > timezone.now()
        and verification.contact == contact_for(report, verification.channel)
    )


def _expired() -> VerificationRefused:
    return VerificationRefused(
        Refusal.CODE_EXPIRED,
        _("This code has expired or was replaced by a newer one: ask for a new code."),
    )


def _too_many_attempts() -> VerificationRefused:
    return VerificationRefused(
        Refusal.TOO_MANY_ATTEMPTS,
        _("Too many wrong codes were typed: ask for a new code."),
    )


@transaction.atomic
def _try_code(*, report: Report, code: str) -> tuple[Report, VerificationRefused | None]:
    """One try of a code, committed whatever its outcome, so that wrong tries are counted."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.contact_verified_at is not None:
        return report, None
    verification = (
        report.contact_verifications.select_for_update()
        .filter(channel=Channel.PHONE)
        .order_by("-created_at", "-id")
        .first()
    )
    if verification is None or not _is_usable(verification, report):
        return report, _expired()
    if verification.attempts >= MAX_ATTEMPTS:
        return report, _too_many_attempts()
    verification.attempts += 1
    verification.save(update_fields=["attempts"])
    if not hmac.compare_digest(_code_hash(verification, code), verification.code_hash):
        if verification.attempts >= MAX_ATTEMPTS:
            return report, _too_many_attempts()
        left = MAX_ATTEMPTS - verification.attempts
        return report, VerificationRefused(
            Refusal.WRONG_CODE,
            _("This code is not the one we sent. Tries left: %(count)s.") % {"count": left},
        )
    return _confirmed(report, verification), None


def contact_verification_confirm_code(*, report: Report, code: str) -> Report:
    """Confirm the reporter's phone with the code sent by SMS; VerificationRefused otherwise."""
    report, refusal = _try_code(report=report, code=code)
    if refusal is not None:
        raise refusal
    return report


def _link_refused() -> VerificationRefused:
    return VerificationRefused(
        Refusal.LINK_INVALID,
        _(
            "This link is no longer valid: it was already used, it expired, or a newer one was "
            "sent. Ask for a new link on the page of your report."
        ),
    )


def contact_verification_for_link(token: str) -> ContactVerification:
    """The pending e-mail verification a link names; VerificationRefused when it cannot serve."""
    try:
        public_id = signing.TimestampSigner(salt=_LINK_SALT).unsign(token, max_age=LINK_LIFETIME)
    except signing.BadSignature as error:
        raise _link_refused() from error
    verification = (
        ContactVerification.objects.select_related("report")
        .filter(public_id=public_id, channel=Channel.EMAIL)
        .first()
    )
    if verification is None or not _is_usable(verification, verification.report):
        raise _link_refused()
    return verification


@transaction.atomic
def contact_verification_confirm_link(*, token: str) -> Report:
    """Confirm the reporter's e-mail with the link sent to it; the link then stops working."""
    pending = contact_verification_for_link(token)
    report = Report.objects.select_for_update().get(pk=pending.report_id)
    verification = ContactVerification.objects.select_for_update().get(pk=pending.pk)
    if not _is_usable(verification, report):
        raise _link_refused()
    return _confirmed(report, verification)
