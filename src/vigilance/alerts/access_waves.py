"""Who sees scam waves, written once.

Editors (who write the alerts), and the staff who read cases or analyse indicators, see the
findings: counts and series, which name no person. Only the latter are shown the linked
reports, and only those within their own need-to-know (``cases.access``); an editor reads no
case content. Everyone else gets a 404, as for a page that does not exist.
"""

from django.db.models import QuerySet

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.alerts.models_waves import WaveFinding
from vigilance.cases import access as case_access
from vigilance.core.errors import NotFound
from vigilance.intake.models import Report

VIEWING = (Permission.EDIT_ALERTS, Permission.VIEW_CASES, Permission.ANALYSE_INDICATORS)
# Dismissing judges the wave, not a case: the editors and the analysts.
DISMISSING = (Permission.EDIT_ALERTS, Permission.ANALYSE_INDICATORS)
MAX_ID = 2**62


def may_view(user: User) -> bool:
    return any(can(user, permission) for permission in VIEWING)


def require_view(user: User) -> None:
    if not may_view(user):
        raise NotFound


def may_dismiss(user: User) -> bool:
    return any(can(user, permission) for permission in DISMISSING)


def sees_report_references(user: User) -> bool:
    return can(user, Permission.VIEW_CASES)


def visible_reports(user: User) -> QuerySet[Report]:
    return case_access.reports_visible_to(user)


def finding_get(*, finding_id: int) -> WaveFinding:
    finding = (
        WaveFinding.objects.select_related("alert").filter(pk=finding_id).first()
        if 0 < finding_id <= MAX_ID
        else None
    )
    if finding is None:
        raise NotFound
    return finding
