"""Three years of demonstration history for the dashboards, the open data and the annual report.

About 3,000 reports over the last 36 months, with the seasons of the real figures (more before
the school year and the holidays), the two big cities first, fraud far ahead of the rest, and
losses mostly by mobile money. Older reports are further along: triaged, then in a case, then
closed with an outcome.

They are written in bulk, in their own series of references (``VIG-YYYY-9NNNNN``, far above what
the yearly counter reaches in a demonstration), so that they neither take numbers from the
reports of ``seed_demo`` nor slow ``make run``: filing 3,000 reports through ``report_submit``
would take minutes for rows nobody opens. This is for the embedded demonstration only (the
command refuses another shape). The same seed gives the same history; a second run adds nothing.
"""

import datetime as dt
import hashlib
import math
import random
from collections.abc import Iterator, Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from vigilance.accounts.models import Unit
from vigilance.intake.models import (
    Channel,
    Language,
    LossChannel,
    Outcome,
    Report,
    ReportEvent,
    ReportStatus,
)

SEED = 2026
MONTHS = 36
AVERAGE_PER_MONTH = 85
# The demonstration series: references VIG-YYYY-900001 and up.
SERIES_START = 900_000
CONSENT_NOTICE_VERSION = "demo-history"
DOUALA = ZoneInfo("Africa/Douala")

REGION_WEIGHTS = {
    "CE": 38, "LT": 34, "OU": 7, "SW": 5, "NW": 4, "NO": 4, "EN": 3, "AD": 2, "SU": 2, "ES": 1,
}  # fmt: skip
CATEGORY_WEIGHTS = {
    "mobile_money_fraud": 38, "online_purchase_scam": 20, "phishing": 11, "advance_fee_fraud": 6,
    "romance_scam": 4, "job_visa_scam": 4, "sextortion": 4, "account_takeover": 3,
    "investment_scam": 2, "sim_swap": 2, "cyber_harassment": 2, "identity_theft": 1,
    "card_fraud": 1, "loan_scam": 1, "business_email_compromise": 1, "ransomware": 1,
    "data_breach": 1, "website_defacement": 1,
}  # fmt: skip
FINANCIAL = {
    "mobile_money_fraud", "online_purchase_scam", "advance_fee_fraud", "romance_scam",
    "job_visa_scam", "investment_scam", "sim_swap", "card_fraud", "loan_scam",
    "business_email_compromise",
}  # fmt: skip
CHANNEL_WEIGHTS: dict[str, int] = {
    Channel.WEB: 55, Channel.COUNTER: 16, Channel.PHONE: 12, Channel.USSD: 8, Channel.SMS: 5,
    Channel.API: 4,
}  # fmt: skip
LOSS_CHANNEL_WEIGHTS: dict[str, int] = {
    LossChannel.MTN_MOMO: 45, LossChannel.ORANGE_MONEY: 35, LossChannel.BANK_TRANSFER: 8,
    LossChannel.CARD: 5, LossChannel.MONEY_TRANSFER: 4, LossChannel.CRYPTO: 3,
}  # fmt: skip
OUTCOME_WEIGHTS: dict[str, int] = {
    Outcome.OFFENDER_IDENTIFIED: 25, Outcome.FUNDS_RECOVERED: 15, Outcome.INSUFFICIENT_INFORMATION: 35,
    Outcome.NO_OFFENCE: 10, Outcome.VICTIM_WITHDREW: 10, Outcome.REFERRED_ABROAD: 5,
}  # fmt: skip
# More reports in August-September (school fees, visas) and December (holiday shopping).
SEASON = {1: 0.9, 2: 0.85, 3: 0.95, 4: 1.0, 5: 0.95, 6: 1.0, 7: 1.05, 8: 1.2, 9: 1.25, 10: 1.0,
          11: 1.05, 12: 1.3}  # fmt: skip
YEARLY_GROWTH = 1.12
SYSTEMS_UNIT = "antic-cirt"
SYSTEMS = {"ransomware", "data_breach", "website_defacement"}


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    return str(rng.choices(list(weights), weights=list(weights.values()))[0])


def _month_starts(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for back in range(MONTHS - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(dt.date(year, month + 1, 1))
    return months


def _unit_for(region: str, category: str, units: dict[str, Unit]) -> Unit | None:
    if category in SYSTEMS:
        return units.get(SYSTEMS_UNIT)
    return units.get(f"dgsn-cyber-{region.lower()}") or units.get(f"sed-cyber-{region.lower()}")


def _history(today: dt.date, now: dt.datetime, units: dict[str, Unit]) -> Iterator[Report]:
    rng = random.Random(SEED)  # demonstration data, not secrets  # noqa: S311  # nosec B311
    numbers: dict[int, int] = {}
    months = _month_starts(today)
    for index, month in enumerate(months):
        growth = YEARLY_GROWTH ** ((index - len(months)) / 12)
        count = round(AVERAGE_PER_MONTH * 1.15 * growth * SEASON[month.month])
        days = (today - month).days + 1 if index == len(months) - 1 else 28
        for _ in range(count):
            at = dt.datetime.combine(
                month + dt.timedelta(days=rng.randrange(days)),
                dt.time(rng.randrange(7, 22), rng.randrange(60)),
                tzinfo=DOUALA,
            )
            if at > now:
                continue
            yield _report(rng, at, now, units, numbers)


def _report(
    rng: random.Random,
    at: dt.datetime,
    now: dt.datetime,
    units: dict[str, Unit],
    numbers: dict[int, int],
) -> Report:
    region = _pick(rng, REGION_WEIGHTS)
    category = _pick(rng, CATEGORY_WEIGHTS)
    numbers[at.year] = numbers.get(at.year, SERIES_START) + 1
    reference = f"VIG-{at.year:04d}-{numbers[at.year]:06d}"
    language = Language.EN if region in {"NW", "SW"} else Language.FR
    report = Report(
        reference=reference,
        tracking_code_hash=hashlib.sha256(reference.encode()).hexdigest(),
        channel=_pick(rng, CHANNEL_WEIGHTS),
        language=language,
        category_id=category,
        region_id=region,
        description=(
            "Signalement de démonstration (historique)."
            if language == Language.FR
            else "Demonstration report (history)."
        ),
        incident_date=(at - dt.timedelta(days=rng.randrange(0, 10))).date(),
        is_anonymous=True,
        consent_at=at,
        consent_notice_version=CONSENT_NOTICE_VERSION,
        confirmation_sent_at=at,
    )
    if category in FINANCIAL and rng.random() < 0.8:
        # Log-normal around 150,000 FCFA: many small losses, a few very large ones.
        amount = min(round(math.exp(rng.gauss(11.9, 1.1)), -3), 250_000_000)
        report.loss_amount = Decimal(int(max(amount, 2_000)))
        report.loss_channel = _pick(rng, LOSS_CHANNEL_WEIGHTS)
    age_days = (now - at).days
    unit = _unit_for(region, category, units)
    if unit is not None and age_days > 2:
        report.unit = unit
        report.status = ReportStatus.TRIAGED
        report.triaged_at = at + dt.timedelta(hours=rng.uniform(1, 72))
        if age_days > 30 and rng.random() < 0.45:
            report.status = ReportStatus.IN_CASE
            if age_days > 120 and rng.random() < 0.7:
                report.status = ReportStatus.CLOSED
                report.outcome = _pick(rng, OUTCOME_WEIGHTS)
    report.submitted_at = at
    return report


def _closed_at(report: Report) -> dt.datetime:
    # Deterministic from the reference, between one and four months after triage.
    spread = int(hashlib.sha256(report.reference.encode()).hexdigest()[:4], 16) % 90
    assert report.triaged_at is not None
    return report.triaged_at + dt.timedelta(days=30 + spread)


@transaction.atomic
def seed() -> str:
    """Add the three years of history, unless they are already there."""
    existing = Report.objects.filter(consent_notice_version=CONSENT_NOTICE_VERSION).count()
    if existing:
        return f"Statistics history: {existing} reports already there."
    now = timezone.now()
    units = {unit.code: unit for unit in Unit.objects.filter(is_active=True)}
    reports = list(_history(timezone.localdate(), now, units))
    # The insert sets the filing time to now (on the objects too); the history gives its own.
    filed_at = {report.reference: report.submitted_at for report in reports}
    Report.objects.bulk_create(reports, batch_size=500)
    created = {
        report.reference: report
        for report in Report.objects.filter(consent_notice_version=CONSENT_NOTICE_VERSION)
    }
    for reference, at in filed_at.items():
        created[reference].submitted_at = at
    Report.objects.bulk_update(list(created.values()), ["submitted_at"], batch_size=500)
    events = []
    for report in created.values():
        events.append(ReportEvent(report=report, kind=ReportEvent.Kind.SUBMITTED))
        if report.triaged_at is not None:
            events.append(
                ReportEvent(
                    report=report,
                    kind=ReportEvent.Kind.STATUS_CHANGED,
                    status=ReportStatus.TRIAGED,
                )
            )
        if report.status == ReportStatus.CLOSED:
            events.append(
                ReportEvent(
                    report=report,
                    kind=ReportEvent.Kind.CLOSED,
                    status=ReportStatus.CLOSED,
                    outcome=report.outcome,
                )
            )
    ReportEvent.objects.bulk_create(events, batch_size=1000)
    _events_backdate()
    return f"Statistics history: {len(reports)} reports over {MONTHS} months added."


def _events_backdate() -> None:
    events = ReportEvent.objects.filter(
        report__consent_notice_version=CONSENT_NOTICE_VERSION
    ).select_related("report")
    for event in events:
        report = event.report
        if event.kind == ReportEvent.Kind.SUBMITTED:
            event.created_at = report.submitted_at
        elif event.kind == ReportEvent.Kind.STATUS_CHANGED and report.triaged_at is not None:
            event.created_at = report.triaged_at
        elif event.kind == ReportEvent.Kind.CLOSED:
            event.created_at = _closed_at(report)
    ReportEvent.objects.bulk_update(list(events), ["created_at"], batch_size=1000)
