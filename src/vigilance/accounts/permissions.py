"""What each role may do, written once. Views, API and services ask ``can(user, Permission.X)``.

Permissions say which actions a role allows; which objects a person may see at all (the
need-to-know of cases, reports and evidence) is decided by the visibility gates in
``cases.access``, which use ``can(user, Permission.VIEW_CASES)`` as their first condition.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Role, User


class Permission(models.TextChoices):
    FILE_ON_BEHALF = "file_on_behalf", _("file a report on behalf of a victim")
    VIEW_TRIAGE_QUEUE = "view_triage_queue", _("see the triage queue")
    TRIAGE = "triage", _("requalify, route, mark duplicate or abusive")
    VIEW_CASES = "view_cases", _("see cases and reports within need-to-know")
    OPEN_CASE = "open_case", _("open a case from a report")
    WORK_CASE = "work_case", _("change a case: status, tasks, notes, reports, links")
    SHARE_CASE = "share_case", _("share a case with another unit or organisation")
    MESSAGE_VICTIM = "message_victim", _("send a message the victim sees")
    EXPORT_CASE = "export_case", _("export the signed case file")
    REASSIGN_CASE = "reassign_case", _("change a case's owning unit or lead")
    REOPEN_CASE = "reopen_case", _("reopen a closed case")
    VIEW_AUDIT = "view_audit", _("read the audit trail")
    MANAGE_ROUTING = "manage_routing", _("edit routing rules")
    MANAGE_ACCOUNTS = "manage_accounts", _("manage organisations, units and accounts")
    RESPOND_REQUISITIONS = (
        "respond_requisitions",
        _("answer requisitions sent to one's organisation"),
    )
    ANALYSE_INDICATORS = (
        "analyse_indicators",
        _("mark indicators, confirm identifiers found in narratives, keep the warning list"),
    )
    PULL_FRAUD_LIST = "pull_fraud_list", _("download the list of confirmed fraud identifiers")
    AUTHORISE_REQUISITIONS = (
        "authorise_requisitions",
        _("authorise the requisitions the law reserves to a magistrate"),
    )
    EDIT_ALERTS = "edit_alerts", _("draft alerts and awareness content")
    APPROVE_ALERTS = "approve_alerts", _("approve, update and withdraw published alerts")
    VIEW_STATISTICS = "view_statistics", _("see the statistics dashboards")
    # A partner's system (a key): read the STIX/TAXII collections and MISP feeds it is cleared for.
    EXCHANGE = "exchange", _("exchange indicators over STIX/TAXII and MISP")
    MANAGE_EXCHANGE = (
        "manage_exchange",
        _("manage exchange collections, partners' need-to-know and imported feeds"),
    )


_CASEWORK = {
    Permission.VIEW_CASES,
    Permission.OPEN_CASE,
    Permission.WORK_CASE,
    Permission.SHARE_CASE,
    Permission.MESSAGE_VICTIM,
    Permission.EXPORT_CASE,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.INTAKE_OFFICER: frozenset({Permission.FILE_ON_BEHALF}),
    Role.TRIAGE_OFFICER: frozenset(
        {
            Permission.FILE_ON_BEHALF,
            Permission.VIEW_TRIAGE_QUEUE,
            Permission.TRIAGE,
            Permission.VIEW_CASES,
            Permission.OPEN_CASE,
        }
    ),
    Role.INVESTIGATOR: frozenset(_CASEWORK | {Permission.ANALYSE_INDICATORS}),
    Role.CIRT_ANALYST: frozenset(_CASEWORK | {Permission.ANALYSE_INDICATORS}),
    Role.SUPERVISOR: frozenset(
        _CASEWORK
        | {
            Permission.REASSIGN_CASE,
            Permission.REOPEN_CASE,
            Permission.ANALYSE_INDICATORS,
            Permission.APPROVE_ALERTS,
            Permission.VIEW_STATISTICS,
            Permission.MANAGE_EXCHANGE,
        }
    ),
    Role.PARTNER_RESPONDER: frozenset(
        {Permission.RESPOND_REQUISITIONS, Permission.PULL_FRAUD_LIST}
    ),
    Role.AUDITOR: frozenset({Permission.VIEW_AUDIT}),
    # Administering the platform gives no access to what victims wrote.
    Role.ADMINISTRATOR: frozenset({Permission.MANAGE_ROUTING, Permission.MANAGE_ACCOUNTS}),
    # A magistrate of the prosecutor's office reads the requisitions waiting for their
    # authorisation (what is asked and why), never the case behind them.
    Role.MAGISTRATE: frozenset({Permission.AUTHORISE_REQUISITIONS}),
    # The communication unit: writes to the public, sees no case content. A second editor (or
    # a supervisor) approves what one editor drafted.
    Role.EDITOR: frozenset({Permission.EDIT_ALERTS, Permission.APPROVE_ALERTS}),
    # The ministry's statisticians: aggregates only, never a person or a reference.
    Role.STATISTICIAN: frozenset({Permission.VIEW_STATISTICS}),
}

# What opens what victims wrote: cases and reports, the triage queue, identifiers read in
# narratives. A role holding one of these reads case content (investigators, CIRT analysts,
# supervisors, triage officers); the others (intake officers, partner responders, auditors,
# administrators) do not.
CASE_CONTENT_PERMISSIONS = frozenset(
    {Permission.VIEW_CASES, Permission.VIEW_TRIAGE_QUEUE, Permission.ANALYSE_INDICATORS}
)
CASE_READING_ROLES: frozenset[str] = frozenset(
    role for role, granted in ROLE_PERMISSIONS.items() if granted & CASE_CONTENT_PERMISSIONS
)
# Granting one of these needs a second administrator's approval: a case-reading role, or the
# administrator role itself (otherwise one administrator could make a second one to approve
# their own requests).
ROLES_NEEDING_APPROVAL: frozenset[str] = CASE_READING_ROLES | {
    Role.ADMINISTRATOR,
    Role.MAGISTRATE,  # reads the identifiers and grounds of requisitions
    Role.EDITOR,  # two editors publish to the whole country
}


def permissions_of(user: User) -> frozenset[str]:
    """What the person's roles allow; ``is_superuser`` adds nothing (it only opens the
    administration site, which holds no case content)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    granted: set[str] = set()
    for role in user.roles or []:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def can(user: User, permission: str) -> bool:
    return permission in permissions_of(user)
