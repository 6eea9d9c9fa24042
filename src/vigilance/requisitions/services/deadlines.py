"""Deadlines that act: the addressee is reminded before a requisition's or a freeze's deadline,
and the supervisors of the unit in charge are alerted once it has passed.

Each reminder and escalation is marked (``reminded_at``, ``escalated_at``) in the transaction
that sends its e-mails, so a crash before the commit sends it again on the next run and one
after it never does. Webhooks are queued on commit and retried by Celery.
"""

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy

from vigilance.accounts.models import Organisation, OrganisationKind, Role, Unit, User
from vigilance.audit.services import audit_record
from vigilance.cases.services.notifications import notification_send
from vigilance.requisitions.deadlines import reminder_due_at
from vigilance.requisitions.models import (
    OPEN_STATUSES,
    FreezeRequest,
    Requisition,
    RequisitionEvent,
    RequisitionKind,
)
from vigilance.requisitions.models_freeze import FREEZE_OPEN_STATUSES

logger = logging.getLogger(__name__)

JOB = "job:requisition_deadlines"
BATCH = 500  # per kind and per run; the next run, a few minutes later, takes the rest


def _shown(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _in_language(message: Promise, params: dict[str, str | Promise]) -> str:
    """A lazy message with its placeholders filled in whichever language is active when read."""
    return lazy(lambda: str(message) % {name: str(value) for name, value in params.items()}, str)()


def responders_of(organisation: Organisation) -> list[User]:
    people = User.objects.filter(organisation=organisation, is_active=True)
    return [person for person in people if person.has_role(Role.PARTNER_RESPONDER)]


def supervisors_above(unit: Unit) -> list[User]:
    """Supervisors of the unit itself and of every unit above it."""
    parts = unit.path.split("/")
    paths = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    people = User.objects.filter(is_active=True, unit__path__in=paths)
    return [person for person in people if person.has_role(Role.SUPERVISOR)]


def _email(
    people: list[User], subject: Promise, body: Promise, params: dict[str, str | Promise]
) -> int:
    """One e-mail per person, in their language (lazy ``params`` too); how many were written
    to."""
    sent = 0
    for person in people:
        if not person.email:
            continue
        with translation.override(person.language or settings.LANGUAGE_CODE):
            shown = {name: str(value) for name, value in params.items()}
            text = (str(subject) % shown, str(body) % shown)
        try:
            send_mail(text[0], text[1], None, [person.email])
            sent += 1
        except OSError:
            logger.exception("deadline e-mail not sent")
    return sent


def _claim(queryset: QuerySet, pk: int, field: str) -> Model | None:
    """Lock the row and return it if ``field`` is still empty: another run may have done it."""
    return (
        queryset.select_for_update(of=("self",)).filter(pk=pk, **{f"{field}__isnull": True}).first()
    )


REMINDER_SUBJECT = gettext_lazy("Vigilance: requisition %(reference)s is due on %(deadline)s")
REMINDER_BODY = gettext_lazy(
    "Requisition %(reference)s (%(kind)s) sent to your organisation is due on %(deadline)s "
    "(Douala time). Answer it on the partner desk or through the API before then."
)
ESCALATION_SUBJECT = gettext_lazy("Vigilance: requisition %(reference)s is overdue")
ESCALATION_MESSAGE = gettext_lazy(
    "Requisition %(reference)s to %(addressee)s (case %(case)s) passed its deadline of "
    "%(deadline)s without an answer."
)
FREEZE_REMINDER_SUBJECT = gettext_lazy("Vigilance: freeze request %(reference)s is due soon")
FREEZE_REMINDER_BODY = gettext_lazy(
    "Freeze request %(reference)s sent to your organisation is due on %(deadline)s (Douala "
    "time). Answer it on the partner desk at once: the money may move on."
)
FREEZE_ESCALATION_SUBJECT = gettext_lazy("Vigilance: freeze request %(reference)s is overdue")
FREEZE_ESCALATION_MESSAGE = gettext_lazy(
    "Freeze request %(reference)s to %(addressee)s (case %(case)s) passed its deadline of "
    "%(deadline)s without an answer."
)


def _reminder_before(requisition: Requisition) -> dt.timedelta:
    hours = settings.REQUISITION_REMINDER_BEFORE_HOURS.get(requisition.urgency, 24.0)
    return dt.timedelta(hours=hours)


def _requisition_remind(pk: int, now: dt.datetime) -> bool:
    requisition = _claim(
        Requisition.objects.select_related("addressee").filter(status__in=OPEN_STATUSES),
        pk,
        "reminded_at",
    )
    if not isinstance(requisition, Requisition) or requisition.deadline is None:
        return False
    requisition.reminded_at = now
    requisition.save(update_fields=["reminded_at"])
    RequisitionEvent.objects.create(requisition=requisition, kind=RequisitionEvent.Kind.REMINDED)
    params: dict[str, str | Promise] = {
        "reference": requisition.reference,
        "kind": RequisitionKind(requisition.kind).label,
        "deadline": _shown(requisition.deadline),
    }
    people = responders_of(requisition.addressee)
    written = _email(people, REMINDER_SUBJECT, REMINDER_BODY, params)
    audit_record(
        actor=None,
        actor_label=JOB,
        action="requisition.reminded",
        object_type="requisition",
        object_id=requisition.reference,
        details={"addressee": requisition.addressee.code, "emails": written},
    )
    from vigilance.requisitions import tasks

    transaction.on_commit(partial(tasks.enqueue_reminder_event, requisition.pk))
    return True


def _requisition_escalate(pk: int, now: dt.datetime) -> bool:
    requisition = _claim(
        Requisition.objects.select_related("addressee", "case__owning_unit").filter(
            status__in=OPEN_STATUSES
        ),
        pk,
        "escalated_at",
    )
    if not isinstance(requisition, Requisition) or requisition.deadline is None:
        return False
    requisition.escalated_at = now
    requisition.save(update_fields=["escalated_at"])
    RequisitionEvent.objects.create(requisition=requisition, kind=RequisitionEvent.Kind.ESCALATED)
    params: dict[str, str | Promise] = {
        "reference": requisition.reference,
        "addressee": requisition.addressee.name,
        "case": requisition.case.number,
        "deadline": _shown(requisition.deadline),
    }
    people = supervisors_above(requisition.case.owning_unit)
    url = reverse(
        "requisitions:requisition_detail", kwargs={"requisition_id": requisition.public_id}
    )
    notification_send(users=people, message=_in_language(ESCALATION_MESSAGE, params), url=url)
    written = _email(people, ESCALATION_SUBJECT, ESCALATION_MESSAGE, params)
    audit_record(
        actor=None,
        actor_label=JOB,
        action="requisition.escalated",
        object_type="requisition",
        object_id=requisition.reference,
        details={"supervisors": len(people), "emails": written},
    )
    return True


def _freeze_remind(pk: int, now: dt.datetime) -> bool:
    freeze = _claim(
        FreezeRequest.objects.select_related("issuer").filter(status__in=FREEZE_OPEN_STATUSES),
        pk,
        "reminded_at",
    )
    if not isinstance(freeze, FreezeRequest) or freeze.deadline is None:
        return False
    freeze.reminded_at = now
    freeze.save(update_fields=["reminded_at"])
    params: dict[str, str | Promise] = {
        "reference": freeze.reference,
        "deadline": _shown(freeze.deadline),
    }
    written = _email(
        responders_of(freeze.issuer), FREEZE_REMINDER_SUBJECT, FREEZE_REMINDER_BODY, params
    )
    audit_record(
        actor=None,
        actor_label=JOB,
        action="freeze.reminded",
        object_type="freeze_request",
        object_id=freeze.reference,
        details={"issuer": freeze.issuer.code, "emails": written},
    )
    return True


def _freeze_supervisors(freeze: FreezeRequest) -> list[User]:
    """The case's supervisors; for a freeze still on a report, those of the unit it was routed to,
    or the coordination centre's before triage (as for approving it)."""
    unit = freeze.case.owning_unit if freeze.case else getattr(freeze.report, "unit", None)
    if unit is not None:
        return supervisors_above(unit)
    people = User.objects.filter(
        is_active=True, organisation__kind=OrganisationKind.COORDINATION_CENTRE
    )
    return [person for person in people if person.has_role(Role.SUPERVISOR)]


def _freeze_escalate(pk: int, now: dt.datetime) -> bool:
    freeze = _claim(
        FreezeRequest.objects.select_related("issuer", "case__owning_unit", "report__unit").filter(
            status__in=FREEZE_OPEN_STATUSES
        ),
        pk,
        "escalated_at",
    )
    if not isinstance(freeze, FreezeRequest) or freeze.deadline is None:
        return False
    freeze.escalated_at = now
    freeze.save(update_fields=["escalated_at"])
    params: dict[str, str | Promise] = {
        "reference": freeze.reference,
        "addressee": freeze.issuer.name,
        "case": freeze.case.number if freeze.case else freeze.report.reference,  # type: ignore[union-attr]
        "deadline": _shown(freeze.deadline),
    }
    people = _freeze_supervisors(freeze)
    url = reverse("requisitions:freeze_detail", kwargs={"freeze_id": freeze.public_id})
    notification_send(
        users=people, message=_in_language(FREEZE_ESCALATION_MESSAGE, params), url=url
    )
    written = _email(people, FREEZE_ESCALATION_SUBJECT, FREEZE_ESCALATION_MESSAGE, params)
    audit_record(
        actor=None,
        actor_label=JOB,
        action="freeze.escalated",
        object_type="freeze_request",
        object_id=freeze.reference,
        details={"supervisors": len(people), "emails": written},
    )
    return True


def _each(pks: list[int], act: Callable[[int, dt.datetime], bool], now: dt.datetime) -> int:
    """Act on each in its own transaction: one failure leaves the others done."""
    done = 0
    for pk in pks:
        with transaction.atomic():
            done += act(pk, now)
    return done


def deadlines_act(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remind and escalate what is due; how many of each were done this run."""
    now = now or timezone.now()
    longest = max(settings.REQUISITION_REMINDER_BEFORE_HOURS.values())
    open_requisitions = Requisition.objects.filter(status__in=OPEN_STATUSES)
    to_remind = [
        requisition.pk
        for requisition in open_requisitions.filter(
            reminded_at__isnull=True,
            deadline__gt=now,
            deadline__lte=now + dt.timedelta(hours=longest),
        )
        .order_by("deadline")
        .only("pk", "urgency", "sent_at", "deadline")[: BATCH * 4]
        if requisition.sent_at
        and requisition.deadline
        and reminder_due_at(
            sent_at=requisition.sent_at,
            deadline=requisition.deadline,
            before=_reminder_before(requisition),
        )
        <= now
    ][:BATCH]
    to_escalate = list(
        open_requisitions.filter(escalated_at__isnull=True, deadline__lte=now)
        .order_by("deadline")
        .values_list("pk", flat=True)[:BATCH]
    )
    open_freezes = FreezeRequest.objects.filter(status__in=FREEZE_OPEN_STATUSES)
    freezes_to_remind = [
        freeze.pk
        for freeze in open_freezes.filter(reminded_at__isnull=True, deadline__gt=now)
        .order_by("deadline")
        .only("pk", "sent_at", "deadline")[: BATCH * 4]
        if freeze.sent_at
        and freeze.deadline
        and reminder_due_at(sent_at=freeze.sent_at, deadline=freeze.deadline) <= now
    ][:BATCH]
    freezes_to_escalate = list(
        open_freezes.filter(escalated_at__isnull=True, deadline__lte=now)
        .order_by("deadline")
        .values_list("pk", flat=True)[:BATCH]
    )
    return {
        "reminded": _each(to_remind, _requisition_remind, now),
        "escalated": _each(to_escalate, _requisition_escalate, now),
        "freezes_reminded": _each(freezes_to_remind, _freeze_remind, now),
        "freezes_escalated": _each(freezes_to_escalate, _freeze_escalate, now),
    }
