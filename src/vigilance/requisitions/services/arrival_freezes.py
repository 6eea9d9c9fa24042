"""Freezes proposed at a report's arrival, in batches (decision 0046).

The filing records that the report waits for its proposal (``ArrivalAwaitingFreeze``) in its
own transaction; a job then proposes the freezes of every report waiting, 50 at a time, with a
few reads for the whole batch. The mark is deleted in the transaction that makes the proposal,
so a report acknowledged is proposed even if that job is lost: the sweep finds it.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from vigilance.accounts.models import Organisation
from vigilance.audit.batch import audit_batch
from vigilance.audit.services import audit_record
from vigilance.cases.models import CaseReport
from vigilance.intake.models import Report, Sighting
from vigilance.requisitions.models import ArrivalAwaitingFreeze, FreezeRequest
from vigilance.requisitions.services.freeze_proposals import (
    ACTIONS,
    JOB_LABEL,
    NAMED_ROLES,
    NAMED_TYPES,
    REPORT_FIELDS,
    Proposal,
    Trigger,
    freeze_propose_for_report,
    issuer_among,
    proposal_due,
)
from vigilance.requisitions.services.freezes import freeze_references

logger = logging.getLogger(__name__)

# Past this many attempts a report's arrival proposal is given up (and logged): its triage
# proposes the freeze anyway.
MAX_ATTEMPTS = 20


def arrival_await_freeze(*, report_id: int, actor_id: int | None) -> None:
    """Record, in the filing's transaction, that the report's arrival calls for a freeze."""
    ArrivalAwaitingFreeze(report_id=report_id, triggered_by_id=actor_id).save(force_insert=True)


@dataclass(frozen=True)
class ArrivalsProposed:
    """What one batch of arrivals came to."""

    taken: int
    proposed: int
    # The reports whose proposal failed, to be tried again by their own job.
    failed: list[int]


def arrivals_propose_freezes(*, limit: int) -> ArrivalsProposed:
    """Propose the freezes of up to ``limit`` reports waiting, oldest first, in one transaction.

    Rows another job holds are skipped, not waited for; only reports never tried are taken, so
    one whose proposal fails cannot hold up those behind it. A failure leaves that report
    waiting, its attempt counted, and the others proposed.
    """
    with transaction.atomic(), audit_batch():
        waiting = list(
            ArrivalAwaitingFreeze.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(attempts=0)
            .select_related("report__category", "triggered_by")
            .only("triggered_by__username", *(f"report__{field}" for field in REPORT_FIELDS))
            .order_by("arrived_at", "report_id")[:limit]
        )
        if not waiting:
            return ArrivalsProposed(taken=0, proposed=0, failed=[])
        reports = [arrival.report for arrival in waiting]
        named = _named_in(reports)
        proposed_before = set(
            FreezeRequest.objects.filter(report__in=reports, parent__isnull=True).values_list(
                "report_id", "account"
            )
        )
        now = timezone.now()
        planned: list[tuple[ArrivalAwaitingFreeze, Proposal]] = []
        failed: list[int] = []
        for arrival in waiting:
            try:
                proposal = proposal_due(
                    arrival.report, named[arrival.report_id], Trigger.ARRIVAL, now
                )
            except Exception as error:
                logger.warning(
                    "freeze at arrival of report %s not proposed: %s",
                    arrival.report_id,
                    type(error).__name__,
                )
                failed.append(arrival.report_id)
                continue
            if (
                proposal is not None
                and (arrival.report_id, proposal.account) not in proposed_before
            ):
                planned.append((arrival, proposal))
        written, refused = _insert(_freezes_for(planned, now))
        failed += refused
        for arrival, freeze in written:
            _audit(arrival, freeze)
        ArrivalAwaitingFreeze.objects.filter(
            report_id__in=[a.report_id for a in waiting if a.report_id not in failed]
        ).delete()
        if failed:
            ArrivalAwaitingFreeze.objects.filter(report_id__in=failed).update(
                attempts=F("attempts") + 1
            )
    return ArrivalsProposed(taken=len(waiting), proposed=len(written), failed=failed)


def _named_in(reports: list[Report]) -> defaultdict[int, list[Sighting]]:
    """The wallets and accounts each report names, suspects' and victim's, in order: one read."""
    named: defaultdict[int, list[Sighting]] = defaultdict(list)
    for sighting in (
        Sighting.objects.filter(
            report__in=reports,
            role__in=NAMED_ROLES,
            type__in=NAMED_TYPES,
        )
        .only("report_id", "role", "type", "value", "provider")
        .order_by("report_id", "id")
    ):
        named[sighting.report_id].append(sighting)
    return named


Planned = list[tuple[ArrivalAwaitingFreeze, FreezeRequest]]


def _freezes_for(
    planned: list[tuple[ArrivalAwaitingFreeze, Proposal]], now: dt.datetime
) -> Planned:
    """The freezes to write, numbered in one statement; none for an issuer not on the platform."""
    codes = {code for _arrival, proposal in planned for code in proposal.issuer_codes}
    issuers = {o.code: o for o in Organisation.objects.filter(code__in=codes, is_active=True)}
    report_ids = [arrival.report_id for arrival, _proposal in planned]
    cases = dict(
        CaseReport.objects.filter(report_id__in=report_ids).values_list("report_id", "case_id")
    )
    freezes: Planned = []
    for arrival, proposal in planned:
        issuer = issuer_among(proposal.issuer_codes, issuers)
        if issuer is None:
            continue
        freezes.append(
            (
                arrival,
                proposal.freeze_request(
                    report=arrival.report, case_id=cases.get(arrival.report_id), issuer=issuer
                ),
            )
        )
    if freezes:
        references = freeze_references(now.year, len(freezes))
        for (_arrival, freeze), reference in zip(freezes, references, strict=True):
            freeze.reference = reference
    return freezes


def _insert(freezes: Planned) -> tuple[Planned, list[int]]:
    """Write the freezes in one statement; when that fails (a triage proposed one of them
    meanwhile, or a row is refused), one by one: the others are written all the same. The
    freezes written, and the reports whose freeze was refused."""
    if not freezes:
        return [], []
    try:
        with transaction.atomic():
            FreezeRequest.objects.bulk_create([freeze for _arrival, freeze in freezes])
        return freezes, []
    except DatabaseError:
        pass
    written: Planned = []
    refused: list[int] = []
    for arrival, freeze in freezes:
        try:
            with transaction.atomic():
                freeze.save(force_insert=True)
        except IntegrityError:
            continue  # proposed meanwhile, by its triage: nothing more to do
        except DatabaseError as error:
            logger.warning(
                "freeze at arrival of report %s not written: %s",
                arrival.report_id,
                type(error).__name__,
            )
            refused.append(arrival.report_id)
            continue
        written.append((arrival, freeze))
    return written, refused


def _audit(arrival: ArrivalAwaitingFreeze, freeze: FreezeRequest) -> None:
    by = arrival.triggered_by
    audit_record(
        actor=None,
        actor_label=JOB_LABEL,
        action=ACTIONS[Trigger.ARRIVAL],
        object_type="freeze_request",
        object_id=freeze.reference,
        details={
            "report": arrival.report.reference,
            "issuer": freeze.issuer.code,
            "amount": freeze.amount_asked,
            "status": freeze.status,
            "by": by.get_username() if by else "",
        },
    )


@transaction.atomic
def arrival_freeze_propose(*, report_id: int) -> FreezeRequest | None:
    """Propose one waiting report's freeze on its own (a retry, or the sweep's); None when it no
    longer waits or calls for none. Two jobs given the same report propose it once."""
    arrival = (
        ArrivalAwaitingFreeze.objects.select_for_update(of=("self",))
        .select_related("triggered_by")
        .filter(report_id=report_id)
        .first()
    )
    if arrival is None:
        return None
    freeze = freeze_propose_for_report(
        report=Report(pk=report_id), trigger=Trigger.ARRIVAL, triggered_by=arrival.triggered_by
    )
    arrival.delete()
    return freeze


def arrival_freeze_failed(*, report_id: int) -> None:
    """Count a failed attempt at the report's proposal (its transaction was rolled back)."""
    ArrivalAwaitingFreeze.objects.filter(report_id=report_id).update(attempts=F("attempts") + 1)
    attempts = (
        ArrivalAwaitingFreeze.objects.filter(report_id=report_id)
        .values_list("attempts", flat=True)
        .first()
    )
    if attempts is not None and attempts >= MAX_ATTEMPTS:
        logger.error(
            "freeze at arrival of report %s given up after %s attempts", report_id, attempts
        )


def arrivals_overdue(*, older_than: dt.timedelta, limit: int) -> list[int]:
    """Reports, oldest first, whose arrival proposal should have been made by now."""
    return list(
        ArrivalAwaitingFreeze.objects.filter(
            arrived_at__lt=timezone.now() - older_than, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("arrived_at", "report_id")
        .values_list("report_id", flat=True)[:limit]
    )
