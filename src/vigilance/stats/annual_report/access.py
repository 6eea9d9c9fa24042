"""Who may issue and download the annual report: the ministry and the coordination centre
(their statisticians and supervisors, who hold VIEW_STATISTICS)."""

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.stats.access import NATIONAL_KINDS


def may_issue_annual_report(user: User) -> bool:
    organisation = user.organisation
    return (
        can(user, Permission.VIEW_STATISTICS)
        and organisation is not None
        and organisation.kind in NATIONAL_KINDS
    )
