"""Need-to-know, written once: who may see which case, report and evidence file.

A case (with its reports and evidence) is visible to its owning unit, to supervisors of the
units above it, to the units, organisations and people it is shared with until the share
expires, and to the coordination centre. A report not yet in a case is visible to the
coordination centre, and once triaged to the unit it was routed to and the units informed.
Evidence of child sexual abuse is opened only by members of the report's own unit.
Seeing a case is not acting on it: ``case_standing`` says what a person may do on a case they see
(the owners manage it; a share grants reading, and only the rights its owner chose).
Everyone else, and anyone whose roles do not include seeing cases, gets nothing: pages and API
turn that into a 404, the same as for an object that does not exist.
"""

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases.models import Case, CaseReport, CaseShare
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.evidence.models import Evidence
from vigilance.intake.identifier_reports import VALUES_PER_STATEMENT
from vigilance.intake.models import Report, ReportStatus


def sees_everything(user: User) -> bool:
    """Coordination centre staff who work on cases see every case and report."""
    return (
        can(user, Permission.VIEW_CASES)
        and user.organisation is not None
        and user.organisation.is_coordination_centre
    )


def _units_in_charge(user: User) -> Q:
    """The user's unit, and for a supervisor every unit below it, as a condition on ``unit``."""
    if user.unit is None:
        return Q(pk__in=[])
    condition = Q(id=user.unit_id)
    if user.has_role(Role.SUPERVISOR):
        condition |= Q(path__startswith=f"{user.unit.path}/")
    return condition


def _shares_reaching(user: User) -> QuerySet[CaseShare]:
    """The active shares that reach the user: as a person, through their unit or organisation."""
    recipient = Q(user_id=user.pk)
    if user.unit_id is not None:
        recipient |= Q(unit_id=user.unit_id)
    if user.organisation_id is not None:
        recipient |= Q(organisation_id=user.organisation_id)
    return CaseShare.objects.filter(
        recipient, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


# Shared case ids are read into the query as a list up to this many (an index look-up each);
# beyond it the share arm stays a subquery, hashed once by the planner.
SHARED_CASES_INLINE = 2000


def _unit_ids(user: User) -> list[int]:
    """The ids of the units the user is in charge of: a handful, read once, so that the gates
    below are ``owning_unit_id IN (1, 2, 3)`` and the planner can use the unit indexes."""
    if user.unit_id is None:
        return []
    return list(Unit.objects.filter(_units_in_charge(user)).values_list("id", flat=True))


def _shared_case_ids(user: User) -> list[int] | QuerySet[CaseShare, Any]:
    """The ids of the cases an active share reaches the user with: a list when short, else
    the subquery itself (never a per-row ``EXISTS``)."""
    shared = _shares_reaching(user).order_by().values_list("case_id", flat=True).distinct()
    ids = list(shared[: SHARED_CASES_INLINE + 1])
    if len(ids) > SHARED_CASES_INLINE:
        return _shares_reaching(user).order_by().values("case_id")
    return ids


@dataclass(frozen=True)
class Reader:
    """A reader's need-to-know resolved once, for one piece of work that checks it many times
    (a cluster's walk): their unit ids and shared case ids are read here, not at each check.
    Never kept across requests, so a share revoked or a unit changed counts at the next one."""

    user: User
    sees_nothing: bool
    sees_everything: bool
    unit_ids: tuple[int, ...] = ()
    shared_case_ids: list[int] | QuerySet[CaseShare, Any] = dataclass_field(default_factory=list)

    def case_condition(self, prefix: str = "") -> Q:
        """The cases of the units in charge, or shared with the reader (``prefix`` names the
        case from another model)."""
        return Q(**{f"{prefix}owning_unit_id__in": self.unit_ids}) | Q(
            **{f"{prefix}pk__in": self.shared_case_ids}
        )


def reader_resolve(user: User) -> Reader:
    if not can(user, Permission.VIEW_CASES):
        return Reader(user=user, sees_nothing=True, sees_everything=False)
    if sees_everything(user):
        return Reader(user=user, sees_nothing=False, sees_everything=True)
    return Reader(
        user=user,
        sees_nothing=False,
        sees_everything=False,
        unit_ids=tuple(_unit_ids(user)),
        shared_case_ids=_shared_case_ids(user),
    )


def cases_visible_to(user: User, reader: Reader | None = None) -> QuerySet[Case]:
    reader = reader or reader_resolve(user)
    if reader.sees_nothing:
        return Case.objects.none()
    if reader.sees_everything:
        return Case.objects.all()
    return Case.objects.filter(reader.case_condition())


def units_owning_cases_visible_to(user: User) -> Q:
    """A condition on ``Unit`` for someone who does not see everything: the unit owns a case
    the user may see. A unit in their charge is probed for one case (an index look-up that
    stops at the first), a shared case names its unit: never a read of every visible case,
    which is a unit's hundreds of thousands of cases at national scale."""
    condition = Q(pk__in=[])
    units = _unit_ids(user)
    if units:
        condition |= Q(pk__in=units) & Q(Exists(Case.objects.filter(owning_unit_id=OuterRef("pk"))))
    shared = _shared_case_ids(user)
    if not isinstance(shared, list) or shared:
        condition |= Q(pk__in=Case.objects.filter(pk__in=shared).values("owning_unit_id"))
    return condition


def reports_visible_to(user: User, reader: Reader | None = None) -> QuerySet[Report]:
    reader = reader or reader_resolve(user)
    if reader.sees_nothing:
        return Report.objects.none()
    if reader.sees_everything:
        return Report.objects.all()
    units = reader.unit_ids
    routed = Q(unit_id__in=units) & ~Q(status=ReportStatus.RECEIVED)
    informed = Exists(
        Report.informed_units.through.objects.filter(report_id=OuterRef("pk"), unit_id__in=units)
    )
    # One look-up of the report's case link and its case per report row, not a subquery over
    # every visible case.
    in_visible_case = Exists(
        CaseReport.objects.filter(report_id=OuterRef("pk")).filter(
            reader.case_condition(prefix="case__")
        )
    )
    return Report.objects.filter(routed | informed | in_visible_case)


def reports_visible_arms(
    reader: Reader, *, since: dt.datetime | None = None
) -> list[QuerySet[Report]]:
    """``reports_visible_to`` as the union of its arms, each a query the planner can start from
    its own index: routed to the reader's units (first), informed to them, in a case they may
    see. For a reader who sees a small part of the reports, a search then reads what they see
    instead of testing every match of its words (decision 0050). With ``since``, only reports
    filed from then on: a report joins a case after it is filed, so the case arm reads the
    entries that joined since then. One arm for whoever sees everything, none for whoever sees
    nothing."""
    if reader.sees_nothing:
        return []
    filed = Q(submitted_at__gte=since) if since else Q()
    if reader.sees_everything:
        return [Report.objects.filter(filed)]
    units = reader.unit_ids
    informed = Report.informed_units.through.objects.filter(unit_id__in=units)
    in_visible_case = CaseReport.objects.filter(reader.case_condition(prefix="case__"))
    if since:
        in_visible_case = in_visible_case.filter(added_at__gte=since)
    return [
        Report.objects.filter(filed, unit_id__in=units).exclude(status=ReportStatus.RECEIVED),
        Report.objects.filter(filed, pk__in=informed.values("report_id")),
        Report.objects.filter(filed, pk__in=in_visible_case.values("report_id")),
    ]


def reports_visible_among(reader: Reader, report_ids: Collection[int]) -> set[int]:
    """Which of these reports (a bounded list: a cluster's walk and the reports kept for its
    identifiers) the reader may see, as three set look-ups by report id (routed, informed, in
    a visible case) instead of the gate evaluated row by row: each reads only the listed
    reports' rows through an index. On SQLite, in statements of at most
    ``VALUES_PER_STATEMENT`` ids."""
    ids = sorted(report_ids)
    if reader.sees_nothing or not ids:
        return set()
    if reader.sees_everything:
        return set(ids)
    size = VALUES_PER_STATEMENT if connection.vendor == "sqlite" else len(ids)
    visible: set[int] = set()
    for start in range(0, len(ids), size):
        visible |= _visible_among(reader, ids[start : start + size])
    return visible


def _visible_among(reader: Reader, ids: list[int]) -> set[int]:
    units = reader.unit_ids
    visible = set(
        Report.objects.filter(pk__in=ids, unit_id__in=units)
        .exclude(status=ReportStatus.RECEIVED)
        .values_list("pk", flat=True)
    )
    rest = [pk for pk in ids if pk not in visible]
    if rest and units:
        visible.update(
            Report.informed_units.through.objects.filter(
                report_id__in=rest, unit_id__in=units
            ).values_list("report_id", flat=True)
        )
        rest = [pk for pk in rest if pk not in visible]
    if rest:
        visible.update(
            CaseReport.objects.filter(report_id__in=rest)
            .filter(reader.case_condition(prefix="case__"))
            .values_list("report_id", flat=True)
        )
    return visible


def case_get_for_user(*, user: User, case_id: str, reader: Reader | None = None) -> Case:
    """The case with this public id, if the user may see it; NotFound otherwise (both cases).
    ``reader`` when the caller resolved it already for more checks."""
    try:
        return (
            cases_visible_to(user, reader)
            .select_related("owning_unit__organisation", "lead")
            .get(public_id=case_id)
        )
    except (Case.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


def report_get_for_user(*, user: User, report_id: str, reader: Reader | None = None) -> Report:
    """The report with this public id, if the user may see it; NotFound otherwise.
    ``reader`` when the caller resolved it already for more checks."""
    try:
        return (
            reports_visible_to(user, reader)
            .select_related(
                "category", "region", "department", "unit__organisation", "routing_rule"
            )
            .get(public_id=report_id)
        )
    except (Report.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


# Child sexual abuse material is opened only by the specialised unit the report was routed to.
CSAM_CATEGORY = "child_sexual_abuse"


def report_evidence_get_for_user(*, user: User, report: Report, evidence_id: str) -> Evidence:
    """A file of a report the user sees, to download. Evidence of child sexual abuse is only for
    the members of the report's own (specialised) unit: everyone else gets NotFound, as for a
    missing file. A file of a report in a case needs the right to download the case's evidence
    (NotAllowed otherwise: the reader sees the case and its list of files)."""
    if report.category_id == CSAM_CATEGORY and (
        report.unit_id is None or user.unit_id != report.unit_id
    ):
        raise NotFound
    evidence = (
        report.evidence.filter(deleted_at__isnull=True, is_attached=True)
        .filter(public_id=evidence_id)
        .first()
    )
    if evidence is None:
        raise NotFound
    case = report_case(report)
    if case is not None:
        require_case_action(user, case, CaseAction.DOWNLOAD_EVIDENCE)
    return evidence


def report_evidence_downloadable(*, user: User, report: Report) -> bool:
    """CSAM files only for the report's own unit; a report in a case, only for those the case
    allows to download evidence (its owners, the coordination centre, a share that grants it)."""
    if report.category_id == CSAM_CATEGORY and (
        report.unit_id is None or user.unit_id != report.unit_id
    ):
        return False
    case = report_case(report)
    return case is None or may_act_on_case(user, case, CaseAction.DOWNLOAD_EVIDENCE)


def can_view_case(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


@dataclass(frozen=True)
class CaseStanding:
    """Where a person stands on a case, whatever their roles.

    In charge: a member of the owning unit, or a supervisor of a unit above it. Coordination:
    the coordination centre, which sees every case to route reports into it. Recipient: someone
    an active share reaches (as a person, through their unit or their organisation), with the
    union of the rights of those shares. A person with none of these stands nowhere."""

    in_charge: bool = False
    coordination: bool = False
    recipient: bool = False
    contribute: bool = False
    download_evidence: bool = False
    export_case_file: bool = False

    @property
    def is_nowhere(self) -> bool:
        return not (self.in_charge or self.coordination or self.recipient)


def _in_charge(user: User, case: Case) -> bool:
    if user.unit is None:
        return False
    if user.unit_id == case.owning_unit_id:
        return True
    return user.has_role(Role.SUPERVISOR) and case.owning_unit.path.startswith(f"{user.unit.path}/")


def case_standing(user: User, case: Case) -> CaseStanding:
    """The user's standing on ``case``; the shares are read only for those not in charge."""
    if not can(user, Permission.VIEW_CASES):
        return CaseStanding()
    if _in_charge(user, case):
        return CaseStanding(in_charge=True)
    rights = (
        _shares_reaching(user)
        .filter(case_id=case.pk)
        .aggregate(
            shares=models.Count("pk"),
            contribute=models.Max(models.Case(models.When(may_contribute=True, then=1))),
            download=models.Max(models.Case(models.When(may_download_evidence=True, then=1))),
            export=models.Max(models.Case(models.When(may_export_case_file=True, then=1))),
        )
    )
    return CaseStanding(
        coordination=sees_everything(user),
        recipient=bool(rights["shares"]),
        contribute=bool(rights["contribute"]),
        download_evidence=bool(rights["download"]),
        export_case_file=bool(rights["export"]),
    )


class CaseAction(models.TextChoices):
    """What can be done on a case; each needs a role (``ROLE_PERMISSIONS``) and a standing."""

    MANAGE_SHARES = "manage_shares", gettext_lazy("share the case or revoke a share")
    CHANGE_STATUS = "change_status", gettext_lazy("change the status or the outcome")
    REOPEN = "reopen", gettext_lazy("reopen the case")
    ATTACH_REPORT = "attach_report", gettext_lazy("attach a report")
    CHANGE_LEAD = "change_lead", gettext_lazy("change the lead")
    CHANGE_UNIT = "change_unit", gettext_lazy("give the case to another unit")
    CHANGE_PRIORITY = "change_priority", gettext_lazy("change the priority or the TLP marking")
    LINK = "link", gettext_lazy("link another case")
    MESSAGE_VICTIM = "message_victim", gettext_lazy("write to a victim")
    CONTRIBUTE = "contribute", gettext_lazy("add notes and tasks")
    DOWNLOAD_EVIDENCE = "download_evidence", gettext_lazy("download evidence")
    EXPORT_CASE_FILE = "export_case_file", gettext_lazy("export the signed case file")


def _owners(standing: CaseStanding) -> bool:
    return standing.in_charge


# Action -> (the role's permission, who may take it on this case). Only those in charge run the
# case; the coordination centre attaches the reports it triages and opens their files; a share
# grants nothing beyond what its owner chose when sharing, and never sharing further.
CASE_ACTIONS: dict[str, tuple[str, Callable[[CaseStanding], bool]]] = {
    CaseAction.MANAGE_SHARES: (Permission.SHARE_CASE, _owners),
    CaseAction.CHANGE_STATUS: (Permission.WORK_CASE, _owners),
    CaseAction.REOPEN: (Permission.REOPEN_CASE, _owners),
    CaseAction.ATTACH_REPORT: (Permission.OPEN_CASE, lambda s: s.in_charge or s.coordination),
    CaseAction.CHANGE_LEAD: (Permission.WORK_CASE, _owners),
    CaseAction.CHANGE_UNIT: (Permission.REASSIGN_CASE, _owners),
    CaseAction.CHANGE_PRIORITY: (Permission.WORK_CASE, _owners),
    CaseAction.LINK: (Permission.WORK_CASE, _owners),
    CaseAction.MESSAGE_VICTIM: (Permission.MESSAGE_VICTIM, _owners),
    CaseAction.CONTRIBUTE: (Permission.WORK_CASE, lambda s: s.in_charge or s.contribute),
    CaseAction.DOWNLOAD_EVIDENCE: (
        Permission.VIEW_CASES,
        lambda s: s.in_charge or s.coordination or s.download_evidence,
    ),
    CaseAction.EXPORT_CASE_FILE: (
        Permission.EXPORT_CASE,
        lambda s: s.in_charge or s.export_case_file,
    ),
}


def case_actions_allowed(user: User, case: Case) -> frozenset[str]:
    """Every action the user may take on ``case``: what pages and the API offer them."""
    standing = case_standing(user, case)
    return frozenset(
        action
        for action, (permission, allowed) in CASE_ACTIONS.items()
        if can(user, permission) and allowed(standing)
    )


def may_act_on_case(user: User, case: Case, action: str) -> bool:
    permission, allowed = CASE_ACTIONS[action]
    return can(user, permission) and allowed(case_standing(user, case))


def require_case_action(user: User, case: Case, action: str) -> None:
    """For services: NotAllowed (403) when the role or the standing does not allow ``action``;
    NotFound when the user stands nowhere on the case, as for a case that does not exist."""
    permission, allowed = CASE_ACTIONS[action]
    if not can(user, permission):
        raise NotAllowed(_("Your role does not allow this action."))
    standing = case_standing(user, case)
    if standing.is_nowhere:
        raise NotFound
    if not allowed(standing):
        raise NotAllowed(case_action_refusal(action))


# The actions a share may grant, as its owner chooses; the others are only for those in charge.
SHARED_RIGHTS = frozenset(
    {CaseAction.CONTRIBUTE, CaseAction.DOWNLOAD_EVIDENCE, CaseAction.EXPORT_CASE_FILE}
)


def case_action_refusal(action: str) -> str:
    """Why someone who sees the case may not take ``action`` on it, in their language."""
    label = CaseAction(action).label
    if action in SHARED_RIGHTS:
        return _("Your access to this case does not allow you to %(action)s.") % {"action": label}
    return _("Only the unit in charge of the case may %(action)s.") % {"action": label}


def require_case_standing(user: User, case: Case) -> None:
    """NotFound unless the user stands somewhere on ``case`` (in charge, coordination, share)."""
    if case_standing(user, case).is_nowhere:
        raise NotFound


def report_case(report: Report) -> Case | None:
    link = CaseReport.objects.select_related("case__owning_unit").filter(report=report).first()
    return link.case if link is not None else None


def may_work_report(user: User, report: Report) -> bool:
    """Triage and analysis on a report the user sees: while it is in no case, as its visibility
    allows; once in a case, only for those in charge of the case and the coordination centre."""
    case = report_case(report)
    if case is None:
        return True
    standing = case_standing(user, case)
    return standing.in_charge or standing.coordination


def require_report_work(user: User, report: Report) -> None:
    if not may_work_report(user, report):
        raise NotAllowed(_("Only the unit in charge of the case of this report may do this."))
