"""The triage priority is a bounded score that never falls when a report gets more serious."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from vigilance.intake.priority import triage_priority

amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**13, places=0))


@given(
    severity=st.integers(min_value=1, max_value=5),
    amount=amounts,
    minor=st.booleans(),
    shared=st.integers(min_value=0, max_value=10_000),
)
def test_priority_stays_between_0_and_100(
    severity: int, amount: Decimal | None, minor: bool, shared: int
) -> None:
    score = triage_priority(
        severity=severity,
        category_code="phishing",
        loss_amount=amount,
        victim_is_minor=minor,
        shared_reports=shared,
    )
    assert 0 <= score <= 100


@given(
    severity=st.integers(min_value=1, max_value=4),
    amount=st.decimals(min_value=1, max_value=10**9, places=0),
    shared=st.integers(min_value=0, max_value=20),
)
def test_more_severity_loss_or_shared_identifiers_never_lowers_priority(
    severity: int, amount: Decimal, shared: int
) -> None:
    def score(**changes: object) -> int:
        values: dict[str, object] = {
            "severity": severity,
            "category_code": "phishing",
            "loss_amount": amount,
            "victim_is_minor": False,
            "shared_reports": shared,
        }
        values.update(changes)
        return triage_priority(**values)  # type: ignore[arg-type]

    base = score()
    assert score(severity=severity + 1) >= base
    assert score(loss_amount=amount * 10) >= base
    assert score(shared_reports=shared + 1) >= base
    assert score(victim_is_minor=True) >= base


def test_sextortion_counts_as_a_vulnerable_victim_whatever_the_age() -> None:
    adult_phishing = triage_priority(
        severity=4,
        category_code="phishing",
        loss_amount=None,
        victim_is_minor=False,
        shared_reports=0,
    )
    sextortion = triage_priority(
        severity=4,
        category_code="sextortion",
        loss_amount=None,
        victim_is_minor=False,
        shared_reports=0,
    )
    assert sextortion == adult_phishing + 25
