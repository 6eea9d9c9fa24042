"""The rules of "What happened to you?": which questions to ask, and what the answers mean.

Plain values in, plain values out, no database: the answers (question -> choice code) give an
offence category of the taxonomy (``core/data/taxonomy.json``), the ordered keys of the advice
to show (``AdviceBlock.key``), the operators whose customer service to call first, and what the
report form may be started with.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Words
else:
    Words = object


@dataclass(frozen=True)
class Question:
    key: str
    text: Words
    choices: tuple[tuple[str, Words], ...]
    error: Words

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.choices)


WHAT = Question(
    "what",
    _("What happened to you?"),
    (
        ("mobile_money", _("I lost money through mobile money (MTN MoMo, Orange Money)")),
        ("bank_card", _("Money was taken from my bank card or bank account")),
        ("account_hacked", _("My account was hacked (WhatsApp, Facebook, e-mail)")),
        ("sextortion", _("Someone threatens to share intimate pictures or videos of me")),
        ("fake_shop", _("I paid a seller online and never got what I bought")),
        ("fake_job", _("I paid for a job, a visa or a study place that did not exist")),
        ("harassment", _("I am harassed or threatened online")),
        ("business_attack", _("The computers of my business or organisation were attacked")),
        ("other", _("Something else")),
    ),
    _("Choose what happened to you."),
)
WHEN = Question(
    "when",
    _("When did it happen?"),
    (
        ("hour", _("Less than an hour ago")),
        ("today", _("Earlier today")),
        ("week", _("In the last seven days")),
        ("longer", _("More than a week ago")),
    ),
    _("Choose when it happened."),
)
PAID = Question(
    "paid",
    _("Did you send money, or give a secret code (PIN, code received by SMS)?"),
    (
        ("yes", _("Yes, I paid or gave a code")),
        ("no", _("No")),
    ),
    _("Say whether you paid or gave a code."),
)
PROVIDER = Question(
    "provider",
    _("Which operator, bank or service was used?"),
    (
        ("mtn", _("MTN (line or MoMo)")),
        ("orange", _("Orange (line or Orange Money)")),
        ("camtel", _("Camtel")),
        ("nexttel", _("Nexttel")),
        ("bank", _("A bank")),
        ("other", _("Another one, or I don't know")),
    ),
    _("Choose the operator, bank or service, or “Another one, or I don't know”."),
)
QUESTIONS: dict[str, Question] = {q.key: q for q in (WHAT, WHEN, PAID, PROVIDER)}

# Answers to "what" after which no operator or bank is asked about unless money or a code went.
_NO_PROVIDER_UNLESS_PAID = {"harassment", "business_attack", "other", "sextortion"}

CATEGORY_OF = {
    "mobile_money": "mobile_money_fraud",
    "bank_card": "card_fraud",
    "account_hacked": "account_takeover",
    "sextortion": "sextortion",
    "fake_shop": "online_purchase_scam",
    "fake_job": "job_visa_scam",
    "harassment": "cyber_harassment",
    "business_attack": "intrusion",
    "other": "other",
}
_TELECOMS = {"mtn", "orange", "camtel", "nexttel"}
# How the money went, as the report form's loss channels name it.
_LOSS_CHANNEL_OF = {"mtn": "mtn_momo", "orange": "orange_money"}


class InvalidAnswer(ValueError):
    """An answer that is not one of its question's choices (a forged or stale address)."""

    def __init__(self, question: str) -> None:
        super().__init__(question)
        self.question = question


def questions_for(answers: Mapping[str, str]) -> list[str]:
    """The questions to ask, in order, given what is answered so far."""
    asked = ["what", "when", "paid"]
    if answers.get("what") not in _NO_PROVIDER_UNLESS_PAID or answers.get("paid") == "yes":
        asked.append("provider")
    return asked


def answers_clean(given: Mapping[str, str]) -> dict[str, str]:
    """The answers that count: only questions still asked, in order; raises ``InvalidAnswer``
    for a value that is not one of its question's choices. Empty values are left out."""
    cleaned: dict[str, str] = {}
    for key, question in QUESTIONS.items():
        value = str(given.get(key, "") or "")
        if not value:
            continue
        if value not in question.codes:
            raise InvalidAnswer(key)
        cleaned[key] = value
    asked = questions_for(cleaned)
    return {key: value for key, value in cleaned.items() if key in asked}


def first_unanswered(answers: Mapping[str, str]) -> str | None:
    return next((key for key in questions_for(answers) if key not in answers), None)


def previous_question(answers: Mapping[str, str], key: str) -> str | None:
    asked = questions_for(answers)
    index = asked.index(key) if key in asked else 0
    return asked[index - 1] if index else None


@dataclass(frozen=True)
class Guidance:
    category: str
    advice: list[str]
    urgent: list[str]
    operators: list[str]
    contacts: list[str]
    report_prefill: dict[str, str] = field(default_factory=dict)


def _advice(answers: Mapping[str, str]) -> list[str]:
    what, paid, provider = answers["what"], answers.get("paid"), answers.get("provider", "")
    keys: list[str] = []
    if what == "harassment":
        keys.append("safety_first")
    money_by_phone = what == "mobile_money" or (paid == "yes" and provider in _TELECOMS)
    if money_by_phone:
        keys.append("block_wallet")
    if what == "bank_card" or provider == "bank":
        keys.append("call_bank")
    if what == "sextortion":
        keys += ["do_not_pay_blackmailer", "remove_images"]
    if what == "business_attack":
        keys.append("isolate_systems")
    if what == "account_hacked":
        keys += ["recover_account", "secure_accounts", "warn_contacts"]
    elif paid == "yes" or what in {"business_attack", "sextortion"}:
        keys.append("secure_accounts")
    if what in {"fake_shop", "fake_job"}:
        keys.append("stop_paying")
    keys += ["keep_evidence", "no_recovery_service"]
    return keys


def _prefill(answers: Mapping[str, str], today: dt.date) -> dict[str, str]:
    """What the report form may start with: never a value the person did not give.

    The date is given only when it is known to the day ("less than an hour", "earlier today");
    for "this week" the person types it, rather than confirm a guess in a complaint.
    """
    prefill = {"category": CATEGORY_OF[answers["what"]]}
    if answers.get("when") in {"hour", "today"}:
        prefill["incident_date"] = today.isoformat()
    if answers.get("paid") == "no" and answers["what"] not in {"mobile_money", "bank_card"}:
        prefill["has_loss"] = "no"
    elif answers.get("paid") == "yes" or answers["what"] in {"mobile_money", "bank_card"}:
        prefill["has_loss"] = "yes"
        provider = answers.get("provider", "")
        if answers["what"] == "bank_card":
            prefill["channel"] = "card"
        elif provider in _LOSS_CHANNEL_OF:
            prefill["channel"] = _LOSS_CHANNEL_OF[provider]
        elif provider == "bank":
            prefill["channel"] = "bank_transfer"
    return prefill


def guidance_for(answers: Mapping[str, str], *, today: dt.date) -> Guidance:
    """The advice for complete, cleaned answers (``answers_clean`` and no question left)."""
    urgent_keys = {"safety_first", "block_wallet", "call_bank", "isolate_systems"}
    if answers.get("when") in {"hour", "today"}:
        urgent_keys |= {"recover_account", "do_not_pay_blackmailer"}
    # The urgent steps first, each group in the order of the rules.
    advice = sorted(_advice(answers), key=lambda key: key not in urgent_keys)
    provider = answers.get("provider", "")
    operators = [provider] if provider in _TELECOMS else []
    if answers["what"] == "mobile_money" and not operators:
        operators = ["mtn", "orange"]
    contacts = ["helpline"]
    if answers["what"] == "business_attack":
        contacts.append("cirt")
    contacts.append("police")
    return Guidance(
        category=CATEGORY_OF[answers["what"]],
        advice=advice,
        urgent=[key for key in advice if key in urgent_keys],
        operators=operators,
        contacts=contacts,
        report_prefill=_prefill(answers, today),
    )
