"""Telling a partner's system that a requisition or a freeze was sent to it: a signed webhook,
retried with exponential back-off, and an e-mail to the organisation's responders when there is
no webhook or every attempt failed. And proposing a report's freeze after its triage, and at its
arrival in batches."""

import datetime as dt
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from vigilance.accounts.models import Role, User
from vigilance.core.batch_jobs import BatchJob
from vigilance.requisitions import webhooks
from vigilance.requisitions.models import FreezeRequest, PartnerWebhook, Requisition

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
MAX_RETRIES = 6  # about an hour of back-off: 1, 2, 4 ... minutes, capped at 30


class WebhookFailed(Exception):
    """The receiver did not answer 2xx."""


def _responders_of(organisation_id: int) -> list[User]:
    people = User.objects.filter(organisation_id=organisation_id, is_active=True).exclude(email="")
    return [person for person in people if person.has_role(Role.PARTNER_RESPONDER)]


def _email_responders(organisation_id: int, compose: Callable[[], tuple[str, str]]) -> int:
    """E-mail each responder of the organisation the (subject, body) ``compose`` writes in their
    language; how many were written to."""
    sent = 0
    for person in _responders_of(organisation_id):
        with translation.override(person.language or settings.LANGUAGE_CODE):
            subject, body = compose()
        try:
            send_mail(subject, body, None, [person.email])
            sent += 1
        except OSError:
            logger.exception("notice to a responder not sent")
    return sent


def _deadline_shown(deadline: dt.datetime | None) -> str:
    return deadline.strftime("%Y-%m-%d %H:%M UTC") if deadline else "-"


def email_sent_notice(requisition_id: int) -> int:
    """E-mail the addressee's responders that a requisition waits on their desk; returns how
    many were written to. No personal data: the reference, the deadline, what is asked."""
    requisition = Requisition.objects.filter(pk=requisition_id).first()
    if requisition is None:
        return 0

    def compose() -> tuple[str, str]:
        subject = _("Vigilance: requisition %(reference)s is waiting for your answer") % {
            "reference": requisition.reference
        }
        body = _(
            "Requisition %(reference)s (%(kind)s) has been sent to your organisation. "
            "Answer it before %(deadline)s on the partner desk or through the API."
        ) % {
            "reference": requisition.reference,
            "kind": requisition.get_kind_display(),
            "deadline": _deadline_shown(requisition.deadline),
        }
        return subject, body

    return _email_responders(requisition.addressee_id, compose)


def post_event(url: str, secret: str, event: dict[str, Any]) -> int:
    """POST the signed event; the receiver's status, or WebhookFailed."""
    if not url.startswith(("https://", "http://")):
        raise WebhookFailed("scheme")
    body = webhooks.event_body(event)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 — http(s) only, checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Vigilance-Webhook/1",
            webhooks.TIMESTAMP_HEADER: timestamp,
            webhooks.SIGNATURE_HEADER: webhooks.sign(secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
            status = int(response.status)
    except urllib.error.HTTPError as error:
        raise WebhookFailed(f"status {error.code}") from error
    except (OSError, ValueError) as error:
        raise WebhookFailed(type(error).__name__) from error
    if not 200 <= status < 300:
        raise WebhookFailed(f"status {status}")
    return status


class WebhookTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # Every attempt failed: the responders hear of it by e-mail instead.
        logger.warning("requisition webhook failed for good: %s", exc)
        email_sent_notice(args[0])


@shared_task(
    bind=True,
    base=WebhookTask,
    acks_late=True,
    autoretry_for=(WebhookFailed,),
    retry_backoff=60,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver_sent_notice(self: Task, requisition_id: int) -> str:
    """Tell the addressee that the requisition was sent: webhook if it has one, else e-mail."""
    requisition = Requisition.objects.filter(pk=requisition_id).first()
    if requisition is None:
        return "missing"
    hook = PartnerWebhook.objects.filter(
        organisation_id=requisition.addressee_id, is_active=True
    ).first()
    if hook is None:
        email_sent_notice(requisition_id)
        return "email"
    post_event(hook.url, webhooks.webhook_secret(hook), webhooks.sent_event(requisition))
    return "webhook"


def enqueue_sent_notice(requisition_id: int) -> None:
    """Queue the notice after the sending's commit; the requisition is on the desk anyway."""
    try:
        deliver_sent_notice.delay(requisition_id)
    except Exception as error:
        logger.warning(
            "notice of requisition %s not queued: %s", requisition_id, type(error).__name__
        )


# Wallet freezes: proposed from a report after its triage, and announced to the issuer.


@shared_task(acks_late=True)
def propose_freeze(report_id: int, trigger: str, actor_id: int | None = None) -> str:
    """Propose the report's freeze (idempotent: a retry finds the one already proposed)."""
    from vigilance.intake.models import Report
    from vigilance.requisitions.services.freeze_proposals import (
        Trigger,
        freeze_propose_for_report,
    )

    triggered_by = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        # The service reads (and locks) the report itself.
        freeze = freeze_propose_for_report(
            report=Report(pk=report_id), trigger=Trigger(trigger), triggered_by=triggered_by
        )
    except Report.DoesNotExist:
        return "missing"
    return freeze.reference if freeze else "none"


def enqueue_freeze_proposal(report_id: int, trigger: str, actor_id: int | None) -> None:
    try:
        propose_freeze.delay(report_id, str(trigger), actor_id)
    except Exception as error:
        logger.warning(
            "freeze proposal for report %s not queued: %s", report_id, type(error).__name__
        )


# Freezes proposed at arrival, in batches (decision 0046): the mark, in the broker's Redis, that
# a job proposing them is queued.
ARRIVALS_JOB_QUEUED = "vigilance:arrival-freezes-queued"
# Reports per transaction, and per job before another takes over.
ARRIVALS_BATCH = 50
ARRIVALS_BATCHES_PER_JOB = 20
RETRY_SECONDS = 60
# A proposal at arrival normally comes within seconds; after this long its job is presumed lost.
ARRIVALS_SWEEP_GRACE = dt.timedelta(minutes=5)
ARRIVALS_SWEEP_BATCH = 500


def enqueue_arrival_freezes(report_id: int) -> None:
    """After a filing that waits for its freeze: embedded, propose it at once in process; with
    a broker, queue the job proposing every waiting report's, unless one is queued already."""
    try:
        if propose_arrival_freezes.app.conf.task_always_eager:
            propose_arrival_freeze.delay(report_id)
        else:
            _arrivals_job().queue()
    except Exception as error:
        logger.warning(
            "freeze at arrival of report %s not queued, left for the sweep: %s",
            report_id,
            type(error).__name__,
        )


@shared_task(acks_late=True)
def propose_arrival_freezes() -> int:
    """Propose the freezes of every report waiting for its arrival's; how many were taken.

    The mark is cleared before the first batch is read: a report committed after that point
    queues a job of its own, one committed before it is in the batches read here."""
    from vigilance.requisitions.services.arrival_freezes import arrivals_propose_freezes

    _arrivals_job().mark_clear()
    taken = 0
    for _batch in range(ARRIVALS_BATCHES_PER_JOB):
        done = arrivals_propose_freezes(limit=ARRIVALS_BATCH)
        taken += done.taken
        for report_id in done.failed:
            propose_arrival_freeze.apply_async((report_id,), countdown=RETRY_SECONDS)
        if done.taken < ARRIVALS_BATCH:
            return taken
    _arrivals_job().queue_next()
    return taken


@shared_task(bind=True, max_retries=3, default_retry_delay=RETRY_SECONDS, acks_late=True)
def propose_arrival_freeze(self: Task, report_id: int) -> str:
    """Propose one waiting report's freeze: embedded, a retry, or the sweep's."""
    from vigilance.requisitions.services.arrival_freezes import (
        arrival_freeze_failed,
        arrival_freeze_propose,
    )

    try:
        freeze = arrival_freeze_propose(report_id=report_id)
    except Exception as error:
        arrival_freeze_failed(report_id=report_id)
        if self.request.is_eager:
            return "failed"  # left for the sweep: the reporter's request is not held up
        raise self.retry(exc=error) from error
    return freeze.reference if freeze else "none"


@shared_task(acks_late=True)
def sweep_arrivals_awaiting_freeze() -> int:
    """Re-enqueue, oldest first, the arrivals whose freeze should have been proposed by now."""
    from vigilance.requisitions.services.arrival_freezes import arrivals_overdue

    report_ids = arrivals_overdue(older_than=ARRIVALS_SWEEP_GRACE, limit=ARRIVALS_SWEEP_BATCH)
    for report_id in report_ids:
        propose_arrival_freeze.delay(report_id)
    if report_ids:
        logger.info("sweep re-enqueued %s freezes at arrival", len(report_ids))
    return len(report_ids)


def _arrivals_job() -> BatchJob:
    return BatchJob(task=propose_arrival_freezes, mark=ARRIVALS_JOB_QUEUED)


def email_freeze_notice(freeze_id: int) -> int:
    """E-mail the issuer's responders that a freeze waits on their desk; how many were written
    to. The reference, the account, the amount and the deadline: nothing of the victim."""
    freeze = FreezeRequest.objects.filter(pk=freeze_id).first()
    if freeze is None:
        return 0

    def compose() -> tuple[str, str]:
        subject = _("Vigilance: freeze %(reference)s, answer within hours") % {
            "reference": freeze.reference
        }
        body = _(
            "Freeze request %(reference)s has been sent to your organisation: hold "
            "%(amount)s FCFA on account %(account)s and answer before %(deadline)s on the "
            "partner desk or through the API."
        ) % {
            "reference": freeze.reference,
            "amount": freeze.amount_asked,
            "account": freeze.account,
            "deadline": _deadline_shown(freeze.deadline),
        }
        return subject, body

    return _email_responders(freeze.issuer_id, compose)


class FreezeWebhookTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        logger.warning("freeze webhook failed for good: %s", exc)
        email_freeze_notice(args[0])


@shared_task(
    bind=True,
    base=FreezeWebhookTask,
    acks_late=True,
    autoretry_for=(WebhookFailed,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver_freeze_sent_notice(self: Task, freeze_id: int) -> str:
    """Tell the issuer that a freeze was sent: webhook if it has one, else e-mail."""
    freeze = FreezeRequest.objects.filter(pk=freeze_id).first()
    if freeze is None:
        return "missing"
    hook = PartnerWebhook.objects.filter(organisation_id=freeze.issuer_id, is_active=True).first()
    if hook is None:
        email_freeze_notice(freeze_id)
        return "email"
    post_event(hook.url, webhooks.webhook_secret(hook), webhooks.freeze_sent_event(freeze))
    return "webhook"


def enqueue_freeze_sent_notice(freeze_id: int) -> None:
    try:
        deliver_freeze_sent_notice.delay(freeze_id)
    except Exception as error:
        logger.warning("notice of freeze %s not queued: %s", freeze_id, type(error).__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def issue_letter(requisition_id: int) -> str:
    """Render and sign the letter of a sent requisition ahead of its first download."""
    from vigilance.requisitions.services.pdf import requisition_pdf_issue

    requisition = (
        Requisition.objects.select_related(
            "case__owning_unit__organisation", "addressee", "legal_basis", "drafted_by__unit"
        )
        .filter(pk=requisition_id)
        .first()
    )
    if requisition is None or requisition.pdf_sha256:
        return "skipped"
    requisition_pdf_issue(requisition=requisition)
    return "issued"


def enqueue_letter(requisition_id: int) -> None:
    """Queue the letter after the sending's commit; its first download issues it otherwise."""
    try:
        issue_letter.delay(requisition_id)
    except Exception as error:
        logger.warning(
            "letter of requisition %s not queued: %s", requisition_id, type(error).__name__
        )


# Deadlines that act (services.deadlines): the periodic run, and the reminder's webhook event.


@shared_task(acks_late=True)
def act_on_deadlines() -> dict[str, int]:
    """Remind partners before their deadlines and alert supervisors after them."""
    from vigilance.requisitions.services import deadlines

    return deadlines.deadlines_act()


@shared_task(
    acks_late=True,
    autoretry_for=(WebhookFailed,),
    retry_backoff=60,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver_reminder_event(requisition_id: int) -> str:
    """The signed ``requisition.reminder`` event, to a partner that has a webhook (its
    responders already had the e-mail)."""
    requisition = Requisition.objects.filter(pk=requisition_id).first()
    if requisition is None:
        return "missing"
    hook = PartnerWebhook.objects.filter(
        organisation_id=requisition.addressee_id, is_active=True
    ).first()
    if hook is None:
        return "none"
    event = {**webhooks.sent_event(requisition), "event": webhooks.EVENT_REMINDER}
    post_event(hook.url, webhooks.webhook_secret(hook), event)
    return "webhook"


def enqueue_reminder_event(requisition_id: int) -> None:
    try:
        deliver_reminder_event.delay(requisition_id)
    except Exception as error:
        logger.warning(
            "reminder event of requisition %s not queued: %s", requisition_id, type(error).__name__
        )
