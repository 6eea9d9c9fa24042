"""Asking for access to a report found in a cluster but outside one's need-to-know.

The request is recorded and audited, and the people who hold the report are told in their
workspace with a link to where they can share it (the case's sharing section, or the report
while it is in no case). Nothing is granted by the request itself, and nothing of the report is
shown to the one asking. Asking again while a request is pending changes nothing.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigilance.accounts.models import OrganisationKind, Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.cases import access
from vigilance.cases.models import AccessRequest, Case, CaseReport
from vigilance.cases.services.lifecycle import require
from vigilance.cases.services.notifications import notification_send
from vigilance.core.errors import InvalidAction
from vigilance.intake.models import Report

REASON_LENGTH = 300


def _in_language(message: Promise, params: dict[str, str]) -> str:
    """A lazy message with its placeholders filled in whichever language is active when read."""
    return lazy(lambda: str(message) % params, str)()


def _supervisors_above(unit: Unit) -> list[User]:
    """Supervisors of the unit itself or of a unit above it."""
    parts = unit.path.split("/")
    paths = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    people = User.objects.filter(is_active=True, unit__path__in=paths)
    return [person for person in people if person.has_role(Role.SUPERVISOR)]


def access_request_recipients(*, case: Case | None, unit: Unit | None) -> list[User]:
    """Who decides on a request: the case's lead and the supervisors of the owning unit; failing
    them, the unit's members who may share cases; for a report still in triage, the triage
    officers of the coordination centre."""
    if unit is None:
        people = User.objects.filter(
            is_active=True, organisation__kind=OrganisationKind.COORDINATION_CENTRE
        ).order_by("pk")
        return [person for person in people if can(person, Permission.VIEW_TRIAGE_QUEUE)]
    recipients = _supervisors_above(unit)
    if case is not None and case.lead is not None and case.lead.is_active:
        recipients.append(case.lead)
    if not recipients:
        members = User.objects.filter(is_active=True, unit=unit).order_by("pk")
        recipients = [person for person in members if can(person, Permission.SHARE_CASE)]
    return recipients


def _message(requester: User, case: Case | None, report: Report, reason: str) -> str:
    person = requester.get_full_name() or requester.username
    where = requester.unit.name if requester.unit else ""
    if case is not None:
        message = gettext_lazy(
            "%(person)s (%(unit)s) asks for access to case %(number)s, which shares identifiers "
            "with their work: %(reason)s"
        )
        return _in_language(
            message, {"person": person, "unit": where, "number": case.number, "reason": reason}
        )
    message = gettext_lazy(
        "%(person)s (%(unit)s) asks for access to report %(reference)s, which shares "
        "identifiers with their work: %(reason)s"
    )
    params = {"person": person, "unit": where, "reference": report.reference, "reason": reason}
    return _in_language(message, params)


@transaction.atomic
def access_request_create(*, requester: User, report: Report, reason: str) -> AccessRequest:
    """Ask the holders of ``report`` for access; the pending request if there is one already."""
    require(requester, Permission.VIEW_CASES)
    reason = " ".join(reason.split())[:REASON_LENGTH]
    if not reason:
        raise InvalidAction(_("Give a reason."), {"reason": [_("Give a reason.")]})
    if access.reports_visible_to(requester).filter(pk=report.pk).exists():
        raise InvalidAction(_("You can already see this report."))
    pending = AccessRequest.objects.filter(
        requester=requester, report=report, answered_at__isnull=True
    ).first()
    if pending is not None:
        return pending
    link = (
        CaseReport.objects.filter(report=report)
        .select_related("case__owning_unit", "case__lead")
        .first()
    )
    case = link.case if link is not None else None
    unit = case.owning_unit if case is not None else report.unit
    try:
        # A savepoint: a request made twice at once meets the one-pending constraint.
        with transaction.atomic():
            request = AccessRequest.objects.create(
                requester=requester, report=report, case=case, owning_unit=unit, reason=reason
            )
    except IntegrityError:
        return AccessRequest.objects.get(
            requester=requester, report=report, answered_at__isnull=True
        )
    audit_record(
        actor=requester,
        action="access_request.created",
        object_type="report",
        object_id=report.reference,
        details={
            "request": request.pk,
            "case": case.number if case is not None else None,
            "unit": unit.code if unit is not None else None,
            "reason": reason,
        },
    )
    if case is not None:
        url = reverse("cases:case_detail", kwargs={"case_id": case.public_id}) + "#shares"
    else:
        url = reverse("cases:report_detail", kwargs={"report_id": report.public_id})
    notification_send(
        users=access_request_recipients(case=case, unit=unit),
        message=_message(requester, case, report, reason),
        url=url,
        exclude=requester,
    )
    return request
