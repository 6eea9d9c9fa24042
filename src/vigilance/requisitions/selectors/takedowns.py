"""Takedown requests as a reader sees them: the target masked where the reader may not read a
child-abuse link in full; those of a case, of the desk, and one with what the reader may do."""

from dataclasses import dataclass

from django.db.models import QuerySet

from vigilance.accounts.models import Organisation, User
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.cases.selectors.cluster import report_cluster
from vigilance.indicators.models import Indicator
from vigilance.indicators.normalise import type_label
from vigilance.intake.models import Report
from vigilance.requisitions import access_takedowns as access
from vigilance.requisitions.access import is_responder
from vigilance.requisitions.models_takedown import (
    TAKEDOWN_ADDRESSEE_KINDS,
    TAKEDOWN_OPEN_STATUSES,
    TakedownRequest,
    TakedownTarget,
)
from vigilance.requisitions.takedown_targets import shown_target

# The types of identifier of a cluster a takedown may aim at.
TARGET_TYPES = tuple(TakedownTarget.values)


@dataclass(frozen=True)
class TakedownRow:
    takedown: TakedownRequest
    target: str


@dataclass(frozen=True)
class TakedownDetail:
    takedown: TakedownRequest
    target: str
    reports: list[Report]
    shows_case: bool
    may_approve: bool
    may_respond: bool


def _shown(user: User, takedown: TakedownRequest) -> str:
    return shown_target(
        takedown.target_type,
        takedown.target,
        in_full=access.reads_target_in_full(user, takedown),
        is_child_abuse=takedown.is_child_abuse,
    )


def _rows(user: User, takedowns: QuerySet[TakedownRequest]) -> list[TakedownRow]:
    return [TakedownRow(takedown=item, target=_shown(user, item)) for item in takedowns]


def takedowns_of_case(*, user: User, case: Case) -> list[TakedownRow]:
    rows = access.takedowns_visible_to(user).filter(case=case).select_related("addressee")
    return _rows(user, rows)


def takedowns_for_desk(*, user: User) -> list[TakedownRow]:
    """The open ones first, by nearest deadline, then the settled ones, newest first."""
    if not is_responder(user):
        return []
    rows = (
        access.takedowns_visible_to(user)
        .filter(addressee_id=user.organisation_id)
        .select_related("addressee")
    )
    open_rows = rows.filter(status__in=TAKEDOWN_OPEN_STATUSES).order_by("deadline", "id")
    settled = rows.exclude(status__in=TAKEDOWN_OPEN_STATUSES).order_by("-sent_at", "-id")[:50]
    return _rows(user, open_rows) + _rows(user, settled)


def takedown_detail(*, user: User, takedown: TakedownRequest) -> TakedownDetail:
    visible = case_access.reports_visible_to(user)
    return TakedownDetail(
        takedown=takedown,
        target=_shown(user, takedown),
        # A partner reads none of the reports: only what the request itself says.
        reports=list(takedown.cited_reports.filter(pk__in=visible.values("pk"))),
        shows_case=takedown.case is not None and case_access.can_view_case(user, takedown.case),
        may_approve=access.may_approve(user, takedown),
        may_respond=access.may_respond(user, takedown) and takedown.is_open,
    )


def addressee_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=TAKEDOWN_ADDRESSEE_KINDS, is_active=True)


@dataclass(frozen=True)
class ClusterTargets:
    targets: list[tuple[str, str, str]]  # (type, normal form, label shown)
    reports: list[Report]


def cluster_targets(*, user: User, report: Report) -> ClusterTargets:
    """What a takedown from the report's cluster may aim at (its identifiers of a kind that can
    be taken down), and the cluster's reports the drafter sees, which the request cites."""
    cluster = report_cluster(user=user, report=report)
    visible_ids = [item.public_id for item in cluster.reports if item.is_visible]
    reports = list(
        case_access.reports_visible_to(user)
        .filter(public_id__in=visible_ids)
        .order_by("submitted_at", "pk")
    )
    known = {item.indicator_id: item for item in cluster.indicators if item.is_known}
    values = Indicator.objects.filter(pk__in=known, type__in=TARGET_TYPES).values_list(
        "pk", "type", "value"
    )
    targets = sorted(
        (kind, value, f"{type_label(kind)} : {known[pk].shown}") for pk, kind, value in values
    )
    return ClusterTargets(targets=targets, reports=reports)
