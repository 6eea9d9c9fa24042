"""Demonstration analysts' work on indicators: one value confirmed as fraud, a dispute, and
values checked often on the public check but never reported (the early warning)."""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.indicators.models import Dispute, Indicator, IndicatorStatus, LookupTally
from vigilance.indicators.services import indicator_set_status

DEMO_CHECKS_FILE = "demo-checks.json"

# Numbers no demonstration report names, checked again and again on the public page.
OFTEN_CHECKED = ("+237655443322", "+237691827364", "+237670102030")


@dataclass(frozen=True)
class DemoCheck:
    type: str
    value: str
    answer: str  # what the public check says


def indicators_demo_create(*, analyst: User, var_dir: Path) -> list[DemoCheck]:
    """Confirm the most reported value, leave the next one "reported", open a dispute on it,
    record look-ups; write the values to try to ``var_dir/demo-checks.json``."""
    with transaction.atomic():
        ranked = list(
            Indicator.objects.filter(
                is_warning_listed=False, verified_reporter_count__gte=settings.LOOKUP_MIN_REPORTERS
            )
            .exclude(type="email")
            .order_by("-verified_reporter_count", "type", "value")[:2]
        )
        checks: list[DemoCheck] = []
        if ranked:
            confirmed = ranked[0]
            if confirmed.status != IndicatorStatus.CONFIRMED_FRAUD:
                indicator_set_status(
                    indicator=confirmed,
                    status=IndicatorStatus.CONFIRMED_FRAUD,
                    reason="Titulaire identifié par réquisition ; escroqueries confirmées.",
                    actor=analyst,
                )
            checks.append(DemoCheck(confirmed.type, confirmed.value, "confirmed_fraud"))
        if len(ranked) > 1:
            reported = ranked[1]
            Dispute.objects.get_or_create(
                indicator=reported,
                defaults={
                    "name": "Boutique Ndongo",
                    "contact": "+237 6 77 00 11 22",
                    "statement": "Ce numéro est celui de ma boutique depuis 2019 ; "
                    "je n'ai jamais escroqué personne.",
                },
            )
            checks.append(DemoCheck(reported.type, reported.value, "reported"))
        today = timezone.localdate()
        for offset in range(5):
            day = today - dt.timedelta(days=offset)
            for rank, value in enumerate(OFTEN_CHECKED):
                LookupTally.objects.update_or_create(
                    day=day, type="phone", value=value, defaults={"count": 12 - 3 * rank + offset}
                )
        checks.append(DemoCheck("phone", OFTEN_CHECKED[0], "not_reported"))
    (var_dir / DEMO_CHECKS_FILE).write_text(json.dumps([check.__dict__ for check in checks]))
    return checks
