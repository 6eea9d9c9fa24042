"""The triage priority of a report: a plain function of what the report says, from 0 to 100."""

import math
from decimal import Decimal

# Offences whose victims are vulnerable whatever their age: they go to the top of the queue.
VULNERABLE_CATEGORIES = frozenset({"child_sexual_abuse", "sextortion", "non_consensual_imagery"})


def triage_priority(
    *,
    severity: int,
    category_code: str,
    loss_amount: Decimal | None,
    victim_is_minor: bool,
    shared_reports: int,
) -> int:
    """Severity of the category (10-50), loss on a log scale (up to 20), a vulnerable victim (25),
    and other reports naming the same identifiers (3 each, up to 15)."""
    score = 10 * max(1, min(5, severity))
    if loss_amount and loss_amount > 0:
        score += min(20, int(math.log10(float(loss_amount)) * 3))
    if victim_is_minor or category_code in VULNERABLE_CATEGORIES:
        score += 25
    score += min(15, 3 * max(0, shared_reports))
    return min(100, score)
