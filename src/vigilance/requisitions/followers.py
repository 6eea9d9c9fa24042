"""What requisitions does when a report takes a step (``core.report_steps``): propose its freeze
in a job after the step's commit (the filing and triage stay fast), and bring its freezes into
its case."""

from functools import partial

from django.conf import settings
from django.db import transaction

from vigilance.accounts.models import User
from vigilance.cases.models import Case
from vigilance.intake.models import Report
from vigilance.requisitions import freeze_issuers, tasks
from vigilance.requisitions.services.arrival_freezes import arrival_await_freeze
from vigilance.requisitions.services.freeze_proposals import Trigger, freezes_join_case


def on_report_arrived(
    *, report_id: int, actor_id: int | None, case_id: int | None, report: object | None = None
) -> None:
    """Only a large loss, of a fraud and through a channel a freeze can reach, is proposed at
    arrival: the rest waits for triage. It is recorded as waiting in the filing's transaction and
    proposed in a batch after the commit (decision 0046). The intake passes the report it has
    just saved."""
    if not isinstance(report, Report):
        report = Report.objects.select_related("category").get(pk=report_id)
    large = report.loss_amount is not None and report.loss_amount >= settings.FREEZE_IMMEDIATE_XAF
    if large and freeze_issuers.may_propose(
        category_group=report.category.group_id, loss_channel=report.loss_channel
    ):
        arrival_await_freeze(report_id=report_id, actor_id=actor_id)
        transaction.on_commit(partial(tasks.enqueue_arrival_freezes, report_id))


def on_report_triaged(
    *, report_id: int, actor_id: int | None, case_id: int | None, report: object | None = None
) -> None:
    """Triaged by routing, or by opening a case straight from the report."""
    trigger = Trigger.CASE_OPENED if case_id is not None else Trigger.TRIAGE
    transaction.on_commit(partial(tasks.enqueue_freeze_proposal, report_id, trigger, actor_id))


def on_report_entered_case(
    *, report_id: int, actor_id: int | None, case_id: int | None, report: object | None = None
) -> None:
    if case_id is None or actor_id is None:
        return
    report = Report.objects.get(pk=report_id)
    case = Case.objects.get(pk=case_id)
    actor = User.objects.get(pk=actor_id)
    freezes_join_case(report=report, case=case, actor=actor)
