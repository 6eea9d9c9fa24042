"""The money trail of a case: its freezes as chains, and the totals lost, held and returned."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.intake.models import Report
from vigilance.requisitions import access
from vigilance.requisitions.models import FreezeRequest, FreezeStatus


@dataclass
class TrailNode:
    freeze: FreezeRequest
    depth: int


@dataclass
class MoneyTrail:
    nodes: list[TrailNode]
    """Every freeze, root first then its children, depth-first: the page indents by depth."""
    lost: int
    held: int
    returned: int

    @property
    def is_empty(self) -> bool:
        return not self.nodes


def _totals(freezes: list[FreezeRequest]) -> tuple[int, int]:
    held = sum(
        f.amount_held or 0
        for f in freezes
        if f.status in (FreezeStatus.HELD, FreezeStatus.RETURNED)
    )
    returned = sum(f.amount_returned or 0 for f in freezes)
    return held, returned


def case_loss(case: Case) -> int:
    """What the case's reports say was lost, in FCFA."""
    total = Report.objects.filter(case_link__case=case).aggregate(total=Sum("loss_amount"))
    return int(total["total"] or Decimal(0))


def money_trail(*, case: Case) -> MoneyTrail:
    """The case's freezes as chains, root → children; the caller has checked the case gate."""
    freezes = list(
        FreezeRequest.objects.filter(case=case)
        .select_related("issuer")
        .order_by("created_at", "id")
    )
    by_parent: dict[int | None, list[FreezeRequest]] = {}
    for freeze in freezes:
        by_parent.setdefault(freeze.parent_id, []).append(freeze)
    nodes: list[TrailNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for freeze in by_parent.get(parent_id, []):
            nodes.append(TrailNode(freeze=freeze, depth=depth))
            walk(freeze.pk, depth + 1)

    walk(None, 0)
    held, returned = _totals(freezes)
    return MoneyTrail(nodes=nodes, lost=case_loss(case), held=held, returned=returned)


def freeze_chain(freeze: FreezeRequest) -> list[FreezeRequest]:
    """The freeze's ancestors, root first, then the freeze itself and what came of it."""
    chain = [freeze]
    current = freeze
    while current.parent_id is not None:
        current = FreezeRequest.objects.select_related("issuer").get(pk=current.parent_id)
        chain.insert(0, current)
    below = list(FreezeRequest.objects.filter(parent=freeze).select_related("issuer"))
    return chain + below


FREEZE_DESK_MAX = 25


def freezes_for_desk(*, user: User) -> list[FreezeRequest]:
    """The freezes waiting for the responder's organisation: those still within their deadline,
    the nearest first, then those already late, the latest first; 25 at most."""
    if not access.is_responder(user):
        return []
    waiting = FreezeRequest.objects.filter(
        issuer_id=user.organisation_id, status=FreezeStatus.SENT
    ).select_related("issuer")
    now = timezone.now()
    in_time = list(waiting.filter(deadline__gte=now).order_by("deadline", "id")[:FREEZE_DESK_MAX])
    late = waiting.filter(deadline__lt=now).order_by("-deadline", "-id")
    return in_time + list(late[: FREEZE_DESK_MAX - len(in_time)])


def freezes_of_report(*, user: User, report: Report) -> list[FreezeRequest]:
    """The freezes proposed from a report, as the user may see them, oldest first."""
    return list(
        access.freezes_visible_to(user)
        .filter(report=report)
        .select_related("issuer")
        .order_by("created_at", "id")
    )


def report_amounts(*, report: Report) -> tuple[int, int]:
    """For the victim's follow page: FCFA held and returned on the case of their report (or
    on the report itself, before it is in a case)."""
    link = getattr(report, "case_link", None)
    if link is None:
        return _totals(list(FreezeRequest.objects.filter(report=report)))
    freezes = list(FreezeRequest.objects.filter(case_id=link.case_id))
    return _totals(freezes)
