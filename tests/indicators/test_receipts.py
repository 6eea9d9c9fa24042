"""Mobile-money confirmation SMS read into receipts: MTN MoMo and Orange Money, French and English."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from vigilance.indicators import receipts
from vigilance.indicators.receipts import parse_money_receipt

DOUALA = ZoneInfo("Africa/Douala")

# (SMS, provider, language, direction, transaction id, counterpart, name, amount, fee, balance,
#  occurred at)
SAMPLES = {
    "mtn-fr-sent": (
        "Vous avez transfere 50000 FCFA a JEAN DUPONT (237677123456) le 2026-03-12 15:30:21. "
        "Frais 250 FCFA. Nouveau solde: 12500 FCFA. Financial Transaction Id: 7364519283.",
        ("mtn_momo", "fr", "sent", "7364519283", "+237677123456", "JEAN DUPONT"),
        ("50000", "250", "12500", (2026, 3, 12, 15, 30, 21)),
    ),
    "mtn-fr-received": (
        "Y'ello. Vous avez reçu 25 000 FCFA de MARIE NGO (237670112233) le 2026-03-12 09:14:05. "
        "Nouveau solde: 37 500 FCFA. Financial Transaction Id: 7364519301. "
        "Message de l'expediteur: loyer",
        ("mtn_momo", "fr", "received", "7364519301", "+237670112233", "MARIE NGO"),
        ("25000", None, "37500", (2026, 3, 12, 9, 14, 5)),
    ),
    "mtn-fr-payment": (
        "Paiement de 15000 FCFA a ENEO CAMEROUN effectue le 2026-03-10 18:02:44. Frais 0 FCFA. "
        "Nouveau solde: 9750 FCFA. Financial Transaction Id: 7364511122. "
        "External Transaction Id: 998877.",
        ("mtn_momo", "fr", "payment", "7364511122", "", "ENEO CAMEROUN"),
        ("15000", "0", "9750", (2026, 3, 10, 18, 2, 44)),
    ),
    "mtn-fr-withdrawal": (
        "Retrait de 20000 FCFA effectue aupres de ETS KAMGA (237681234567) le 2026-03-11 "
        "11:45:00. Frais 350 FCFA. Nouveau solde: 4500 FCFA. "
        "Financial Transaction Id: 7364512233.",
        ("mtn_momo", "fr", "withdrawal", "7364512233", "+237681234567", "ETS KAMGA"),
        ("20000", "350", "4500", (2026, 3, 11, 11, 45, 0)),
    ),
    "mtn-en-sent": (
        "You have transferred 50,000 FCFA to JEAN DUPONT (237677123456) on 2026-03-12 15:30:21. "
        "Fee was 250 FCFA. Your new balance: 12,500 FCFA. Financial Transaction Id: 7364519283.",
        ("mtn_momo", "en", "sent", "7364519283", "+237677123456", "JEAN DUPONT"),
        ("50000", "250", "12500", (2026, 3, 12, 15, 30, 21)),
    ),
    "mtn-en-received": (
        "Y'ello. You have received 25000 FCFA from MARIE NGO (237670112233) on "
        "2026-03-12 09:14:05. Your new balance: 37500 FCFA. Financial Transaction Id: 7364519301.",
        ("mtn_momo", "en", "received", "7364519301", "+237670112233", "MARIE NGO"),
        ("25000", None, "37500", (2026, 3, 12, 9, 14, 5)),
    ),
    "mtn-en-payment": (
        "Your payment of 15000 FCFA to ENEO CAMEROUN was completed on 2026-03-10 18:02:44. "
        "Fee was 0 FCFA. Your new balance: 9750 FCFA. Financial Transaction Id: 7364511122.",
        ("mtn_momo", "en", "payment", "7364511122", "", "ENEO CAMEROUN"),
        ("15000", "0", "9750", (2026, 3, 10, 18, 2, 44)),
    ),
    "mtn-en-withdrawal": (
        "You have withdrawn 20000 FCFA from agent ETS KAMGA (237681234567) on 2026-03-11 "
        "11:45:00. Fee was 350 FCFA. Your new balance: 4500 FCFA. "
        "Financial Transaction Id: 7364512233.",
        ("mtn_momo", "en", "withdrawal", "7364512233", "+237681234567", "ETS KAMGA"),
        ("20000", "350", "4500", (2026, 3, 11, 11, 45, 0)),
    ),
    "om-fr-sent": (
        "Transfert de 25000 FCFA vers le 699112233 JEAN reussi. ID: PP260312.1530.C12345. "
        "Frais: 0 FCFA. Nouveau solde: 80000 FCFA.",
        ("orange_money", "fr", "sent", "PP260312.1530.C12345", "+237699112233", "JEAN"),
        ("25000", "0", "80000", (2026, 3, 12, 15, 30, 0)),
    ),
    "om-fr-deposit": (
        "Depot recu de 30000 FCFA du 655443322 PAUL MBA. ID: CI260312.1012.A12345. "
        "Nouveau solde: 110000 FCFA.",
        ("orange_money", "fr", "received", "CI260312.1012.A12345", "+237655443322", "PAUL MBA"),
        ("30000", None, "110000", (2026, 3, 12, 10, 12, 0)),
    ),
    "om-fr-received": (
        "Vous avez recu un transfert de 15000 FCFA du 690001122 ALICE EBOGO. "
        "ID: PP260313.0845.B67890. Nouveau solde: 125000 FCFA.",
        ("orange_money", "fr", "received", "PP260313.0845.B67890", "+237690001122", "ALICE EBOGO"),
        ("15000", None, "125000", (2026, 3, 13, 8, 45, 0)),
    ),
    "om-fr-payment": (
        "Paiement de 12000 FCFA a CANAL+ CAMEROUN reussi. ID: MP260314.2010.D24680. "
        "Frais: 0 FCFA. Nouveau solde: 113000 FCFA.",
        ("orange_money", "fr", "payment", "MP260314.2010.D24680", "", "CANAL+ CAMEROUN"),
        ("12000", "0", "113000", (2026, 3, 14, 20, 10, 0)),
    ),
    "om-fr-withdrawal": (
        "Retrait de 40000 FCFA effectue chez l'agent 694556677 ETS FOTSO le 14/03/2026 17:22. "
        "ID: CO260314.1722.E13579. Frais: 600 FCFA. Nouveau solde: 72400 FCFA.",
        ("orange_money", "fr", "withdrawal", "CO260314.1722.E13579", "+237694556677", "ETS FOTSO"),
        ("40000", "600", "72400", (2026, 3, 14, 17, 22, 0)),
    ),
    "om-en-sent": (
        "Transfer of 25000 FCFA to 699112233 JEAN successful. ID: PP260312.1530.C12345. "
        "Fee: 0 FCFA. New balance: 80000 FCFA.",
        ("orange_money", "en", "sent", "PP260312.1530.C12345", "+237699112233", "JEAN"),
        ("25000", "0", "80000", (2026, 3, 12, 15, 30, 0)),
    ),
    "om-en-deposit": (
        "Deposit of 30000 FCFA received from 655443322 PAUL MBA. ID: CI260312.1012.A12345. "
        "New balance: 110000 FCFA.",
        ("orange_money", "en", "received", "CI260312.1012.A12345", "+237655443322", "PAUL MBA"),
        ("30000", None, "110000", (2026, 3, 12, 10, 12, 0)),
    ),
    "om-en-received": (
        "You have received a transfer of 15000 FCFA from 690001122 ALICE EBOGO. "
        "ID: PP260313.0845.B67890. New balance: 125000 FCFA.",
        ("orange_money", "en", "received", "PP260313.0845.B67890", "+237690001122", "ALICE EBOGO"),
        ("15000", None, "125000", (2026, 3, 13, 8, 45, 0)),
    ),
    "om-en-payment": (
        "Payment of 12000 FCFA to CANAL+ CAMEROUN successful. ID: MP260314.2010.D24680. "
        "Fee: 0 FCFA. New balance: 113000 FCFA.",
        ("orange_money", "en", "payment", "MP260314.2010.D24680", "", "CANAL+ CAMEROUN"),
        ("12000", "0", "113000", (2026, 3, 14, 20, 10, 0)),
    ),
    "om-en-withdrawal": (
        "Withdrawal of 40000 FCFA at agent 694556677 ETS FOTSO on 14/03/2026 17:22. "
        "ID: CO260314.1722.E13579. Fee: 600 FCFA. New balance: 72400 FCFA.",
        ("orange_money", "en", "withdrawal", "CO260314.1722.E13579", "+237694556677", "ETS FOTSO"),
        ("40000", "600", "72400", (2026, 3, 14, 17, 22, 0)),
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_confirmation_sms_is_read_into_a_receipt(name: str) -> None:
    text, (provider, language, direction, transaction_id, counterpart, who), money = SAMPLES[name]
    amount, fee, balance, when = money
    receipt = parse_money_receipt(text)
    assert receipt is not None
    assert (receipt.provider, receipt.language, receipt.direction) == (
        provider,
        language,
        direction,
    )
    assert (receipt.transaction_id, receipt.counterpart, receipt.counterpart_name) == (
        transaction_id,
        counterpart,
        who,
    )
    assert receipt.amount == Decimal(amount)
    assert receipt.fee == (Decimal(fee) if fee is not None else None)
    assert receipt.balance == Decimal(balance)
    assert receipt.currency == "XAF"
    assert receipt.occurred_at == datetime(*when, tzinfo=DOUALA)


def test_receipt_pasted_over_several_lines_is_read() -> None:
    text, _expected, _money = SAMPLES["om-fr-sent"]
    receipt = parse_money_receipt(text.replace(". ", ".\n\n"))
    assert receipt is not None
    assert receipt.counterpart == "+237699112233"


def test_occurrence_time_is_douala_time() -> None:
    receipt = parse_money_receipt(SAMPLES["mtn-fr-sent"][0])
    assert receipt is not None
    assert receipt.occurred_at is not None
    assert receipt.occurred_at.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("written", "amount"),
    [("50 000", "50000"), ("50.000", "50000"), ("50,000", "50000"), ("12500.00", "12500.00")],
)
def test_amounts_are_read_whatever_the_thousands_separator(written: str, amount: str) -> None:
    receipt = parse_money_receipt(
        f"Transfert de {written} FCFA vers le 699112233 JEAN reussi. ID: PP260312.1530.C12345."
    )
    assert receipt is not None
    assert receipt.amount == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Bonjour, rappelle-moi au 677123456 stp",
        "Votre code de confirmation est 123456. Ne le partagez avec personne.",
        "Y'ello! Achetez un forfait internet de 1Go a 500 FCFA en composant *157#.",
        "Vous avez transfere beaucoup d'argent. Financial Transaction Id: 7364519283.",
        "Vous avez transfere 50000 FCFA a JEAN DUPONT (237677123456) le 2026-03-12 15:30:21.",
        "Transfert de 25000 FCFA vers le 699112233 JEAN reussi.",
        "x" * 5000,
    ],
    ids=[
        "empty",
        "chat",
        "otp",
        "promotion",
        "no-amount",
        "no-transaction-id",
        "om-no-id",
        "too-long",
    ],
)
def test_text_that_is_not_a_receipt_gives_none(text: str) -> None:
    assert parse_money_receipt(text) is None


def test_impossible_date_leaves_the_time_unknown() -> None:
    receipt = parse_money_receipt(
        "Transfert de 25000 FCFA vers le 699112233 JEAN reussi. ID: PP261399.1530.C12345."
    )
    assert receipt is not None
    assert receipt.occurred_at is None


def test_a_new_wording_is_a_new_entry_in_the_formats_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(receipts.FORMATS_FILE.read_text(encoding="utf-8"))
    data["formats"].append(
        {
            "id": "orange_money.fr.sent_short",
            "provider": "orange_money",
            "language": "fr",
            "direction": "sent",
            "match": ["^OM: envoi", "\\bID ?:"],
            "patterns": [
                "envoi (?P<amount><<amount>>) ?<<currency>> -> (?P<counterpart><<phone>>)"
            ],
        }
    )
    formats = tmp_path / "formats.json"
    formats.write_text(json.dumps(data), encoding="utf-8")
    text = "OM: envoi 5000 FCFA -> 699112233. ID: PP260312.1530.C12345."
    assert parse_money_receipt(text) is None
    monkeypatch.setattr(receipts, "FORMATS_FILE", formats)
    receipts._formats.cache_clear()
    try:
        receipt = parse_money_receipt(text)
    finally:
        monkeypatch.undo()
        receipts._formats.cache_clear()
    assert receipt is not None
    assert (receipt.format, receipt.amount, receipt.counterpart) == (
        "orange_money.fr.sent_short",
        Decimal(5000),
        "+237699112233",
    )
