"""Working a case, beyond its lifecycle: tasks, notes, shares, links, lead, unit, priority,
messages to the victim, and the record of who read it.

The edge fetches the case through the need-to-know gate; every function checks the actor's
right to its action on that case (``cases.access.require_case_action``), writes the case's
timeline and the audit trail in the same transaction, and tells the people concerned through a
workspace notification.
"""

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigilance.accounts.models import Organisation, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.batch import audit_batch
from vigilance.audit.services import audit_record
from vigilance.cases import access
from vigilance.cases.models import (
    AccessRequest,
    Case,
    CaseEvent,
    CaseLink,
    CaseNote,
    CasePriority,
    CaseReport,
    CaseShare,
    CaseStatus,
    CaseTask,
    Tlp,
)
from vigilance.cases.selectors.case import no_such_person, share_person_by_username
from vigilance.cases.services import marking
from vigilance.cases.services.lifecycle import case_event_add
from vigilance.cases.services.notifications import notification_send
from vigilance.core.errors import InvalidAction
from vigilance.intake import notifications as report_notifications
from vigilance.intake import staff as report_staff
from vigilance.intake import tasks as report_tasks
from vigilance.intake.models import Report, ReportStatus

SHARE_LONGEST = dt.timedelta(days=180)


def _audit(actor: User, action: str, case: Case, **details: object) -> None:
    audit_record(
        actor=actor, action=action, object_type="case", object_id=case.number, details=details
    )


def _in_language(message: Promise, params: dict[str, Any]) -> str:
    """A lazy message with its placeholders filled in whichever language is active when read."""
    return lazy(lambda: str(message) % params, str)()


def _notify(users: Iterable[User], message: str, case: Case, actor: User) -> None:
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    notification_send(users=users, message=message, url=url, exclude=actor)


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise InvalidAction(_("The case is closed: reopen it first."))


@transaction.atomic
@audit_batch()
def case_task_add(
    *,
    case: Case,
    title: str,
    actor: User,
    assignee: User | None = None,
    due_date: dt.date | None = None,
) -> CaseTask:
    """A task on the case, for someone who can see it; they are told."""
    access.require_case_action(actor, case, access.CaseAction.CONTRIBUTE)
    _require_open(case)
    title = title.strip()
    if not title:
        raise InvalidAction(_("Say what is to be done."), {"title": [_("Say what is to be done.")]})
    if assignee is not None and not (
        can(assignee, Permission.WORK_CASE) and access.can_view_case(assignee, case)
    ):
        raise InvalidAction(
            _("This person cannot work on this case."),
            {"assignee": [_("Choose someone who can see the case.")]},
        )
    if due_date is not None and due_date < timezone.localdate():
        raise InvalidAction(
            _("The due date is in the past."), {"due_date": [_("Give a date from today.")]}
        )
    task = CaseTask.objects.create(
        case=case, title=title[:200], assignee=assignee, due_date=due_date, created_by=actor
    )
    case_event_add(case=case, kind=CaseEvent.Kind.TASK_ADDED, actor=actor, summary=task.title)
    _audit(actor, "case.task_added", case, task=task.pk, assignee=assignee and assignee.username)
    if assignee is not None:
        message = gettext_lazy("A task was given to you on case %(number)s: %(title)s")
        _notify(
            [assignee],
            _in_language(message, {"number": case.number, "title": task.title}),
            case,
            actor,
        )
    return task


@transaction.atomic
@audit_batch()
def case_task_complete(*, case: Case, task_id: int, actor: User) -> CaseTask:
    access.require_case_action(actor, case, access.CaseAction.CONTRIBUTE)
    task = CaseTask.objects.select_for_update().filter(case=case, pk=task_id).first()
    if task is None:
        raise InvalidAction(_("This task is not part of the case."))
    if task.done_at is not None:
        raise InvalidAction(_("This task is already done."))
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    case_event_add(case=case, kind=CaseEvent.Kind.TASK_DONE, actor=actor, summary=task.title)
    _audit(actor, "case.task_done", case, task=task.pk)
    message = gettext_lazy("Task done on case %(number)s: %(title)s")
    _notify(
        [task.created_by],
        _in_language(message, {"number": case.number, "title": task.title}),
        case,
        actor,
    )
    return task


@transaction.atomic
@audit_batch()
def case_note_add(*, case: Case, body: str, actor: User) -> CaseNote:
    """An internal note: staff only, never shown to the victim."""
    access.require_case_action(actor, case, access.CaseAction.CONTRIBUTE)
    body = body.strip()
    if not body:
        raise InvalidAction(_("Write the note."), {"body": [_("Write the note.")]})
    note = CaseNote.objects.create(case=case, author=actor, body=body[:10_000])
    case_event_add(case=case, kind=CaseEvent.Kind.NOTE_ADDED, actor=actor)
    _audit(actor, "case.note_added", case, note=note.pk)
    if case.lead is not None:
        message = gettext_lazy("A note was added to case %(number)s.")
        _notify([case.lead], _in_language(message, {"number": case.number}), case, actor)
    return note


def _share_recipients(share: CaseShare) -> list[User]:
    if share.user is not None:
        return [share.user]
    people = User.objects.filter(is_active=True)
    if share.unit is not None:
        people = people.filter(unit=share.unit)
    else:
        people = people.filter(organisation=share.organisation)
    return [person for person in people if can(person, Permission.VIEW_CASES)]


@transaction.atomic
@audit_batch()
def case_share_add(
    *,
    case: Case,
    reason: str,
    expires_at: dt.datetime,
    actor: User,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    user: User | None = None,
    may_contribute: bool = False,
    may_download_evidence: bool = False,
    may_export_case_file: bool = False,
) -> CaseShare:
    """Give a unit, an organisation or one person access to the case, for a reason, until a
    date at most ``SHARE_LONGEST`` away. The share lets them read the case; the owner chooses
    whether it also lets them add notes and tasks, download evidence, export the case file."""
    access.require_case_action(actor, case, access.CaseAction.MANAGE_SHARES)
    if [unit, organisation, user].count(None) != 2:
        raise InvalidAction(
            _("Share with one unit, one organisation or one person."),
            {"recipient": [_("Choose one recipient.")]},
        )
    recipient = unit or organisation or user
    if user is not None and share_person_by_username(user.username) is None:
        raise InvalidAction(no_such_person(), {"recipient": [no_such_person()]})
    if recipient is None or not recipient.is_active:
        raise InvalidAction(
            _("This recipient is not active."), {"recipient": [_("Choose one recipient.")]}
        )
    marking.require_share_within_marking(case, unit=unit, organisation=organisation, user=user)
    reason = reason.strip()
    if not reason:
        raise InvalidAction(_("Give a reason."), {"reason": [_("Give a reason.")]})
    now = timezone.now()
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at <= now:
        raise InvalidAction(
            _("The expiry must be in the future."),
            {"expires_at": [_("Give a date in the future.")]},
        )
    if expires_at > now + SHARE_LONGEST:
        raise InvalidAction(
            _("A share lasts %(days)s days at most.") % {"days": SHARE_LONGEST.days},
            {"expires_at": [_("Give an earlier date.")]},
        )
    share = CaseShare.objects.create(
        case=case,
        unit=unit,
        organisation=organisation,
        user=user,
        reason=reason[:300],
        may_contribute=may_contribute,
        may_download_evidence=may_download_evidence,
        may_export_case_file=may_export_case_file,
        expires_at=expires_at,
        created_by=actor,
    )
    label = unit.code if unit else organisation.code if organisation else user.username  # type: ignore[union-attr]
    case_event_add(case=case, kind=CaseEvent.Kind.SHARED, actor=actor, summary=label)
    _audit(
        actor,
        "case.shared",
        case,
        share=share.pk,
        recipient=label,
        expires=expires_at.isoformat(),
        rights=share.rights,
    )
    message = gettext_lazy("Case %(number)s was shared with you: %(reason)s")
    recipients = _share_recipients(share)
    # Whoever asked for access from a cluster and now has it got their answer.
    AccessRequest.objects.filter(
        case=case, requester__in=recipients, answered_at__isnull=True
    ).update(answered_at=now)
    _notify(
        recipients,
        _in_language(message, {"number": case.number, "reason": share.reason}),
        case,
        actor,
    )
    return share


@transaction.atomic
@audit_batch()
def case_share_revoke(*, case: Case, share_id: int, actor: User) -> CaseShare:
    access.require_case_action(actor, case, access.CaseAction.MANAGE_SHARES)
    share = CaseShare.objects.select_for_update().filter(case=case, pk=share_id).first()
    if share is None:
        raise InvalidAction(_("This share is not part of the case."))
    if share.revoked_at is not None:
        raise InvalidAction(_("This share is already revoked."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    case_event_add(case=case, kind=CaseEvent.Kind.SHARE_REVOKED, actor=actor, summary=str(share.pk))
    _audit(actor, "case.share_revoked", case, share=share.pk)
    return share


@transaction.atomic
@audit_batch()
def case_link_add(*, case: Case, other_case: Case, reason: str, actor: User) -> CaseLink:
    """Link the case to another the actor sees (same offender, same wave); ``other_case`` is
    fetched through the gate by the caller."""
    access.require_case_action(actor, case, access.CaseAction.LINK)
    access.require_case_standing(actor, other_case)
    if other_case.pk == case.pk:
        raise InvalidAction(
            _("A case cannot be linked to itself."), {"number": [_("Give another case.")]}
        )
    reason = reason.strip()
    if not reason:
        raise InvalidAction(_("Give a reason."), {"reason": [_("Give a reason.")]})
    if (
        CaseLink.objects.filter(from_case=case, to_case=other_case).exists()
        or CaseLink.objects.filter(from_case=other_case, to_case=case).exists()
    ):
        raise InvalidAction(
            _("These cases are already linked."), {"number": [_("Give another case.")]}
        )
    link = CaseLink.objects.create(
        from_case=case, to_case=other_case, reason=reason[:300], created_by=actor
    )
    case_event_add(case=case, kind=CaseEvent.Kind.LINKED, actor=actor, summary=other_case.number)
    case_event_add(case=other_case, kind=CaseEvent.Kind.LINKED, actor=actor, summary=case.number)
    _audit(actor, "case.linked", case, other=other_case.number, reason=reason)
    return link


@transaction.atomic
@audit_batch()
def case_lead_set(*, case: Case, lead: User, actor: User) -> Case:
    """The lead is a member of the owning unit who can work on cases."""
    access.require_case_action(actor, case, access.CaseAction.CHANGE_LEAD)
    if not (
        lead.is_active and lead.unit_id == case.owning_unit_id and can(lead, Permission.WORK_CASE)
    ):
        raise InvalidAction(
            _("The lead must work on cases in the owning unit."),
            {"lead": [_("Choose a member of the owning unit.")]},
        )
    previous = case.lead.username if case.lead else ""
    case.lead = lead
    case.save(update_fields=["lead", "updated_at"])
    case_event_add(case=case, kind=CaseEvent.Kind.LEAD_CHANGED, actor=actor, summary=lead.username)
    _audit(actor, "case.lead_changed", case, previous=previous, lead=lead.username)
    message = gettext_lazy("You now lead case %(number)s.")
    _notify([lead], _in_language(message, {"number": case.number}), case, actor)
    return case


@transaction.atomic
@audit_batch()
def case_unit_set(*, case: Case, unit: Unit, actor: User) -> Case:
    """Move the case (and its reports) to another unit; a lead outside it is cleared."""
    access.require_case_action(actor, case, access.CaseAction.CHANGE_UNIT)
    _require_open(case)
    if not unit.is_active:
        raise InvalidAction(_("This unit is not active."), {"unit": [_("Choose a unit.")]})
    if unit.pk == case.owning_unit_id:
        raise InvalidAction(_("The case is already owned by this unit."))
    previous = case.owning_unit.code
    case.owning_unit = unit
    if case.lead is not None and case.lead.unit_id != unit.pk:
        case.lead = None
    case.save(update_fields=["owning_unit", "lead", "updated_at"])
    for report in case.reports.filter(status=ReportStatus.IN_CASE):
        report_staff.report_enter_case(report=report, unit=unit, actor=actor)
    case_event_add(case=case, kind=CaseEvent.Kind.UNIT_CHANGED, actor=actor, summary=unit.code)
    _audit(actor, "case.unit_changed", case, previous=previous, unit=unit.code)
    # Under AMBER+STRICT or RED, a move to another organisation narrows who may keep a share.
    marking.shares_revoke_outside_marking(case=case, actor=actor)
    return case


@transaction.atomic
@audit_batch()
def case_priority_set(*, case: Case, priority: int, tlp: str, actor: User) -> Case:
    """Set the priority and the TLP marking; shares a narrower marking no longer allows are
    revoked (``services.marking``)."""
    access.require_case_action(actor, case, access.CaseAction.CHANGE_PRIORITY)
    if priority not in CasePriority.values:
        raise InvalidAction(_("Choose a priority."), {"priority": [_("Choose a priority.")]})
    if tlp not in Tlp.values:
        raise InvalidAction(_("Choose a TLP marking."), {"tlp": [_("Choose a TLP marking.")]})
    previous = {"priority": case.priority, "tlp": case.tlp}
    case.priority = priority
    case.tlp = tlp
    case.save(update_fields=["priority", "tlp", "updated_at"])
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.PRIORITY_CHANGED,
        actor=actor,
        summary=f"{priority} · {tlp}",
    )
    _audit(actor, "case.priority_changed", case, previous=previous, priority=priority, tlp=tlp)
    marking.shares_revoke_outside_marking(case=case, actor=actor)
    return case


@transaction.atomic
@audit_batch()
def case_message_victim(*, case: Case, report: Report, text: str, actor: User) -> Case:
    """A message the victim of one of the case's reports reads on the follow page, and is told
    about by SMS or e-mail (once until they read it)."""
    access.require_case_action(actor, case, access.CaseAction.MESSAGE_VICTIM)
    if not CaseReport.objects.filter(case=case, report=report).exists():
        raise InvalidAction(
            _("This report is not part of the case."), {"report": [_("Choose a report.")]}
        )
    report_staff.report_message_victim(report=report, actor=actor, text=text)
    case_event_add(
        case=case, kind=CaseEvent.Kind.MESSAGE_SENT, actor=actor, summary=report.reference
    )
    _audit(actor, "case.message_sent", case, report=report.reference)
    if report_notifications.message_notice_claim(report=report, actor=actor):
        transaction.on_commit(partial(report_tasks.enqueue_message_notice, report.pk))
    return case


@transaction.atomic
def case_view_record(*, case: Case, actor: User) -> None:
    """A staff member read the case (reports, identifiers, evidence): the audit trail keeps it."""
    access.require_case_standing(actor, case)
    _audit(actor, "case.viewed", case)
