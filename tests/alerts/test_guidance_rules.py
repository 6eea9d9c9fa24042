"""The rules of "What happened to you?": every path of answers ends on advice and a category of
the taxonomy, with the urgent steps first and only values the report form accepts."""

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from vigilance.alerts.guidance import rules
from vigilance.intake.models import LossChannel

TODAY = dt.date(2026, 12, 6)
ROOT = Path(rules.__file__).resolve().parents[2]
CATEGORIES = {c["code"] for c in json.loads((ROOT / "core/data/taxonomy.json").read_text())["categories"]}  # fmt: skip
ADVICE = {b["key"] for b in json.loads((ROOT / "alerts/data/advice_blocks.json").read_text())["blocks"]}  # fmt: skip
URGENT_FIRST = ("safety_first", "block_wallet", "call_bank", "isolate_systems")


def every_path() -> list[dict[str, str]]:
    """Every complete set of answers a person can give."""
    paths = []
    for what, when, paid in itertools.product(rules.WHAT.codes, rules.WHEN.codes, rules.PAID.codes):
        answers = {"what": what, "when": when, "paid": paid}
        if "provider" in rules.questions_for(answers):
            paths += [{**answers, "provider": p} for p in rules.PROVIDER.codes]
        else:
            paths.append(answers)
    return paths


@pytest.mark.parametrize("answers", every_path(), ids=lambda a: "-".join(a.values()))
def test_every_path_ends_on_advice_and_a_category_of_the_taxonomy(answers: dict[str, str]) -> None:
    assert rules.first_unanswered(answers) is None
    guidance = rules.guidance_for(rules.answers_clean(answers), today=TODAY)

    assert guidance.category in CATEGORIES
    assert guidance.advice, "no advice"
    assert set(guidance.advice) <= ADVICE
    assert len(set(guidance.advice)) == len(guidance.advice)
    assert {"keep_evidence", "no_recovery_service"} <= set(guidance.advice)
    urgent = [key for key in guidance.advice if key in guidance.urgent]
    assert guidance.advice[: len(urgent)] == urgent
    prefill = guidance.report_prefill
    assert prefill["category"] == guidance.category
    assert prefill.get("channel", "") in {"", *LossChannel.values}
    assert prefill.get("has_loss", "no") in {"yes", "no"}


def test_money_sent_by_mobile_money_within_the_hour_puts_the_operator_line_first() -> None:
    answers = {"what": "mobile_money", "when": "hour", "paid": "yes", "provider": "orange"}
    guidance = rules.guidance_for(answers, today=TODAY)

    assert guidance.advice[0] == "block_wallet"
    assert guidance.operators == ["orange"]
    assert guidance.report_prefill == {
        "category": "mobile_money_fraud",
        "incident_date": "2026-12-06",
        "has_loss": "yes",
        "channel": "orange_money",
    }


def test_blackmail_advice_says_not_to_pay_and_asks_no_operator_when_nothing_was_paid() -> None:
    answers = {"what": "sextortion", "when": "week", "paid": "no"}

    assert "provider" not in rules.questions_for(answers)
    guidance = rules.guidance_for(answers, today=TODAY)
    assert guidance.advice[0] == "do_not_pay_blackmailer"
    assert "incident_date" not in guidance.report_prefill
    assert guidance.report_prefill["has_loss"] == "no"


def test_threats_put_safety_first_and_an_attack_on_a_business_names_the_cirt() -> None:
    threats = rules.guidance_for({"what": "harassment", "when": "today", "paid": "no"}, today=TODAY)
    attack = rules.guidance_for(
        {"what": "business_attack", "when": "hour", "paid": "no"}, today=TODAY
    )

    assert threats.advice[0] == "safety_first"
    assert attack.advice[0] == "isolate_systems"
    assert "cirt" in attack.contacts


def test_a_hacked_account_gets_the_recovery_steps_before_the_general_ones() -> None:
    guidance = rules.guidance_for(
        {"what": "account_hacked", "when": "hour", "paid": "no", "provider": "other"}, today=TODAY
    )

    assert guidance.advice[:3] == ["recover_account", "secure_accounts", "warn_contacts"]


@pytest.mark.parametrize(
    "given", [{"what": "lottery"}, {"what": "mobile_money", "when": "tomorrow"}, {"paid": "1"}]
)
def test_an_answer_outside_its_choices_is_refused(given: dict[str, str]) -> None:
    with pytest.raises(rules.InvalidAnswer):
        rules.answers_clean(given)


def test_answers_to_questions_no_longer_asked_are_dropped() -> None:
    given = {"what": "harassment", "when": "week", "paid": "no", "provider": "mtn", "x": "y"}

    assert rules.answers_clean(given) == {"what": "harassment", "when": "week", "paid": "no"}


def test_the_questions_come_in_order_and_back_goes_to_the_previous_one() -> None:
    answers = {"what": "fake_shop", "when": "week"}

    assert rules.first_unanswered(answers) == "paid"
    assert rules.previous_question(answers, "paid") == "when"
    assert rules.previous_question(answers, "what") is None
