"""Confirmations and message notices sent to reporters by e-mail and SMS, in their report's language.

They carry the reference and where to follow the report, never the tracking code nor what the
investigators wrote. Each report records when its confirmation went out, so sending is idempotent
and a lost job can be found again, and when it was last told a message waits, so that several
messages before the reporter reads them make one notice.
"""

import datetime as dt
import enum
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.core.sms import send_sms
from vigilance.intake.models import Report

logger = logging.getLogger(__name__)

# Past this many attempts a confirmation is given up (and logged): the address or number is
# most likely wrong, and the reporter still holds the reference shown when they filed.
MAX_CONFIRMATION_ATTEMPTS = 40


class DeliveryFailed(RuntimeError):
    """The mail server or the SMS gateway did not take the confirmation; it may be tried again."""


class Outcome(enum.Enum):
    SENT = "sent"
    NOTHING_TO_SEND = "nothing_to_send"
    ALREADY_SENT = "already_sent"
    NO_SUCH_REPORT = "no_such_report"


@dataclass(frozen=True)
class Confirmation:
    subject: str
    text: str


def confirmation_for(report: Report) -> Confirmation:
    """The confirmation of a report, written in the report's language whatever is active now."""
    follow_url = f"{settings.PUBLIC_BASE_URL}/{report.language}/follow/"
    with translation.override(report.language):
        text = _(
            "Vigilance: your report %(reference)s has been received. Follow it at %(url)s with the "
            "tracking code you were given. Helpline: %(helpline)s."
        ) % {"reference": report.reference, "url": follow_url, "helpline": settings.HELPLINE}
        subject = _("Your report %(reference)s has been received") % {"reference": report.reference}
    return Confirmation(subject=subject, text=text)


def message_notice_for(report: Report) -> Confirmation:
    """The notice that a message waits on the follow page: never the message, never the code."""
    follow_url = f"{settings.PUBLIC_BASE_URL}/{report.language}/follow/"
    with translation.override(report.language):
        text = _(
            "Vigilance: a new message about your report %(reference)s is waiting for you. Read "
            "it at %(url)s with your tracking code. Helpline: %(helpline)s."
        ) % {"reference": report.reference, "url": follow_url, "helpline": settings.HELPLINE}
        subject = _("A message about your report %(reference)s") % {"reference": report.reference}
    return Confirmation(subject=subject, text=text)


def has_recipient(report: Report) -> bool:
    return not report.is_anonymous and bool(report.reporter_email or report.reporter_phone)


def _deliver(report: Report, confirmation: Confirmation) -> None:
    if report.reporter_email:
        send_mail(confirmation.subject, confirmation.text, None, [report.reporter_email])
    if report.reporter_phone:
        send_sms(to=report.reporter_phone, text=confirmation.text)


def send_confirmation(report_id: int) -> Outcome:
    """Send a report's confirmation unless it already went out; raise DeliveryFailed to retry.

    The report's row stays locked from the check to the record of delivery, so two workers given
    the same job send it once. A crash before the commit leaves the report unconfirmed, for the
    sweep to find: a reporter may get a confirmation twice, never none.
    """
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_id).first()
            if report is None:
                return Outcome.NO_SUCH_REPORT
            if report.confirmation_sent_at is not None:
                return Outcome.ALREADY_SENT
            outcome = Outcome.NOTHING_TO_SEND
            if has_recipient(report):
                report.confirmation_attempts += 1
                _deliver(report, confirmation_for(report))
                outcome = Outcome.SENT
            report.confirmation_sent_at = timezone.now()
            report.save(update_fields=["confirmation_sent_at", "confirmation_attempts"])
            return outcome
    except Exception as error:
        # The transaction was rolled back; count the failed attempt on its own.
        Report.objects.filter(pk=report_id).update(
            confirmation_attempts=F("confirmation_attempts") + 1
        )
        logger.warning(
            "confirmation for report %s not delivered: %s", report_id, type(error).__name__
        )
        attempts = (
            Report.objects.filter(pk=report_id)
            .values_list("confirmation_attempts", flat=True)
            .first()
        )
        if attempts is not None and attempts >= MAX_CONFIRMATION_ATTEMPTS:
            logger.error(
                "confirmation for report %s given up after %s attempts", report_id, attempts
            )
        raise DeliveryFailed(str(report_id)) from error


@dataclass(frozen=True)
class WaitingSent:
    """What one batch of waiting confirmations came to."""

    taken: int
    # The reports whose delivery failed (the batch stopped at the first), to be tried again.
    failed: list[int]


# What a confirmation needs of its report: the description and the rest stay in the database.
_CONFIRMATION_FIELDS = (
    "pk",
    "reference",
    "language",
    "is_anonymous",
    "reporter_email",
    "reporter_phone",
)


def send_waiting_confirmations(*, limit: int) -> WaitingSent:
    """Send the first confirmations of up to ``limit`` reports, oldest first, in one transaction.

    Only reports never tried yet are taken: one whose delivery failed is retried by its own job,
    so a wrong address cannot hold up the reports behind it. Rows another worker holds are
    skipped, not waited for. The batch stops at the first failure, which may be the gateway's:
    the reports not reached wait for the next batch. A crash before the commit leaves the whole
    batch to be sent again, as ``send_confirmation`` does for one report.
    """
    with transaction.atomic():
        waiting = list(
            Report.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(confirmation_sent_at__isnull=True, confirmation_attempts=0)
            .order_by("submitted_at", "pk")
            .only(*_CONFIRMATION_FIELDS)[:limit]
        )
        delivered: list[int] = []
        nobody: list[int] = []
        failed: list[int] = []
        for report in waiting:
            if not has_recipient(report):
                nobody.append(report.pk)
                continue
            try:
                _deliver(report, confirmation_for(report))
            except Exception as error:
                logger.warning(
                    "confirmation for report %s not delivered: %s", report.pk, type(error).__name__
                )
                failed.append(report.pk)
                break
            delivered.append(report.pk)
        now = timezone.now()
        if delivered:
            Report.objects.filter(pk__in=delivered).update(
                confirmation_sent_at=now, confirmation_attempts=F("confirmation_attempts") + 1
            )
        if nobody:
            Report.objects.filter(pk__in=nobody).update(confirmation_sent_at=now)
        if failed:
            Report.objects.filter(pk__in=failed).update(
                confirmation_attempts=F("confirmation_attempts") + 1
            )
    return WaitingSent(taken=len(waiting), failed=failed)


def unsent_confirmations(*, older_than: dt.timedelta, limit: int) -> list[int]:
    """Reports, oldest first, whose confirmation should have gone out by now and has not."""
    cutoff = timezone.now() - older_than
    return list(
        Report.objects.filter(
            confirmation_sent_at__isnull=True,
            submitted_at__lt=cutoff,
            confirmation_attempts__lt=MAX_CONFIRMATION_ATTEMPTS,
        )
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def message_notice_claim(*, report: Report, actor: User) -> bool:
    """Whether a message just written to the reporter is to be announced; records it if so.

    Called in the transaction that writes the message. One notice until the reporter next reads
    their report: the row is locked, so two messages written at once make one notice.
    """
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not has_recipient(locked) or locked.message_notice_sent_at is not None:
        return False
    locked.message_notice_sent_at = timezone.now()
    locked.save(update_fields=["message_notice_sent_at"])
    channels = [
        name
        for name, value in (("sms", locked.reporter_phone), ("email", locked.reporter_email))
        if value
    ]
    audit_record(
        actor=actor,
        action="report.message_notice_sent",
        object_type="report",
        object_id=locked.reference,
        details={"channels": channels},
    )
    return True


def send_message_notice(report_id: int) -> Outcome:
    """Deliver the notice claimed for a report; raise DeliveryFailed to retry."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return Outcome.NO_SUCH_REPORT
    if not has_recipient(report):
        return Outcome.NOTHING_TO_SEND
    try:
        _deliver(report, message_notice_for(report))
    except Exception as error:
        logger.warning(
            "message notice for report %s not delivered: %s", report_id, type(error).__name__
        )
        raise DeliveryFailed(str(report_id)) from error
    return Outcome.SENT


def message_notices_resume(report: Report) -> None:
    """The reporter read their report: the next message is announced again."""
    Report.objects.filter(pk=report.pk, message_notice_sent_at__isnull=False).update(
        message_notice_sent_at=None
    )
