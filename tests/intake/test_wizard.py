"""The report form's draft: steps, amounts, per-step checks and the ReportDraft it becomes."""

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from vigilance.intake import receipts, wizard


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """Messages are asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def session_with(**steps: dict[str, Any]) -> dict[str, Any]:
    return {wizard.DRAFT_KEY: steps}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("75 000", Decimal("75000")),
        ("75.000", Decimal("75000")),
        ("75,000", Decimal("75000")),
        ("75000 FCFA", Decimal("75000")),
        ("75\u202f000 F", Decimal("75000")),
        ("XAF 2500", Decimal("2500")),
        ("1.500.000", Decimal("1500000")),
        ("1 500,50", Decimal("1500.50")),
        ("12,5", Decimal("12.5")),
    ],
)
def test_amounts_are_read_as_people_write_them(typed: str, amount: Decimal) -> None:
    assert wizard.parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-75000", "negative"),
        ("75 000 000 000 000", "too large"),
        ("soixante", "in figures"),
        ("1,23456", "in figures"),
        ("", "in figures"),
    ],
)
def test_bad_amounts_raise_a_readable_error(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wizard.parse_amount(typed)


def test_first_unfinished_step_follows_the_order_of_the_form() -> None:
    assert wizard.first_unfinished_step({}) == "who"
    assert wizard.first_unfinished_step(session_with(who={}, what={})) == "suspects"
    steps = {step: {} for step in wizard.FORM_STEPS}
    assert wizard.first_unfinished_step(session_with(**steps)) == "review"


def test_next_and_previous_steps() -> None:
    assert wizard.next_step("who") == "what"
    assert wizard.next_step("evidence") == "review"
    assert wizard.previous_step("who") is None
    assert wizard.previous_step("review") == "evidence"


@pytest.mark.parametrize(
    ("field", "step"),
    [
        ("reporter.phone", "who"),
        ("department", "what"),
        ("suspects.2.value", "suspects"),
        ("loss.amount", "loss"),
        ("evidence.0", "evidence"),
        ("consent", "review"),
    ],
)
def test_each_field_of_the_service_belongs_to_a_step(field: str, step: str) -> None:
    assert wizard.step_of_field(field) == step


def test_step_save_keeps_other_steps() -> None:
    session: dict[str, Any] = {}
    wizard.step_save(session, "who", {"name": "Awa"})
    wizard.step_save(session, "what", {"category": "romance_scam"})

    assert wizard.step_values(session, "who") == {"name": "Awa"}
    assert wizard.is_finished(session, "what")
    assert not wizard.is_finished(session, "loss")


@pytest.mark.django_db
def test_step_errors_report_only_the_step_checked() -> None:
    errors = wizard.step_errors(
        "who", {"type": "person", "role": "victim", "name": "Awa", "phone": "12"}
    )

    assert set(errors) == {"reporter.phone"}


@pytest.mark.django_db
def test_step_errors_apply_the_services_region_rule() -> None:
    errors = wizard.step_errors(
        "what",
        {
            "category": "romance_scam",
            "description": "He asked me for money after two months.",
            "incident_date": "",
            "region": "CE",
            "department": "LT-WOURI",
        },
    )

    assert set(errors) == {"department"}


@pytest.mark.django_db
def test_a_complete_step_has_no_error() -> None:
    errors = wizard.step_errors(
        "suspects", {"identifiers": [{"type": "phone", "value": "6 99 88 77 66"}]}
    )

    assert errors == {}


def test_report_draft_reads_every_step() -> None:
    session = session_with(
        who={"type": "business", "role": "victim", "is_anonymous": False, "name": "SARL Ndé"},
        what={
            "category": "phishing",
            "description": "Faux courriel de la banque.",
            "incident_date": "2026-10-02",
            "region": "LT",
            "department": "LT-WOURI",
        },
        suspects={"identifiers": [{"type": "email", "value": "a@b.cm"}]},
        loss={"has_loss": True, "amount": "75000", "currency": "XAF", "channel": "card"},
        evidence={"files": []},
    )

    draft = wizard.report_draft(session, language="fr", consent=True)

    assert draft.reporter.type == "business"
    assert draft.incident_date is not None
    assert draft.incident_date.isoformat() == "2026-10-02"
    assert [(i.type, i.value) for i in draft.identifiers] == [("email", "a@b.cm")]
    assert draft.loss is not None
    assert draft.loss.amount == Decimal("75000")
    assert draft.consent is True


def test_nothing_lost_gives_no_loss() -> None:
    draft = wizard.report_draft(
        session_with(loss={"has_loss": False}), language="en", consent=False
    )

    assert draft.loss is None


def test_child_abuse_place_goes_into_the_account_and_links_become_identifiers() -> None:
    session = session_with(
        what={"category": wizard.CHILD_ABUSE_CATEGORY, "description": "Images d'enfants."},
        evidence={"seen_at": "https://chat.example.com/g/abc"},
    )

    draft = wizard.report_draft(session, language="fr", consent=True)

    assert "https://chat.example.com/g/abc" in draft.description
    assert [(i.type, i.value) for i in draft.identifiers] == [
        ("url", "https://chat.example.com/g/abc")
    ]


def test_a_place_that_is_not_a_link_stays_in_the_account_only() -> None:
    session = session_with(
        what={"category": wizard.CHILD_ABUSE_CATEGORY, "description": "Images d'enfants."},
        evidence={"seen_at": "Groupe WhatsApp « Bons plans Douala »"},
    )

    draft = wizard.report_draft(session, language="fr", consent=True)

    assert "Bons plans Douala" in draft.description
    assert list(draft.identifiers) == []


def test_tracking_code_is_taken_once() -> None:
    session: dict[str, Any] = {
        wizard.FILED_KEY: {"reference": "VIG-2026-000001", "tracking_code": "ABCD-EFGH"}
    }

    first = wizard.filed_take(session)
    second = wizard.filed_take(session)

    assert first is not None
    assert first.tracking_code == "ABCD-EFGH"
    assert second is not None
    assert second.tracking_code == ""
    assert second.reference == "VIG-2026-000001"


def test_qr_code_is_an_svg_data_uri() -> None:
    assert receipts.qr_data_uri("https://vigilance.cm/fr/follow/").startswith(
        "data:image/svg+xml;base64,"
    )
