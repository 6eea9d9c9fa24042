"""What the benchmark sends: varied, valid reports and a ~200 KB evidence picture.

Every report names three identifiers (a phone number, a mobile-money account, an e-mail address),
as most fraud reports do; values vary so that no cache or index sees the same row twice.
"""

import datetime as dt
import io
import random
import uuid
from typing import Any

from PIL import Image

CATEGORIES = (
    "mobile_money_fraud",
    "online_purchase_scam",
    "advance_fee_fraud",
    "romance_scam",
    "job_visa_scam",
    "investment_scam",
    "loan_scam",
    "phishing",
    "sim_swap",
    "account_takeover",
)
REGIONS = ("AD", "CE", "ES", "EN", "LT", "NO", "NW", "OU", "SU", "SW")
FIRST_NAMES = ("Awa", "Jean", "Marie", "Paul", "Aïcha", "Emmanuel", "Brenda", "Ngozi", "Hamadou")
LAST_NAMES = ("Mbarga", "Ngono", "Fotso", "Tchoupo", "Ebai", "Nkwain", "Bello", "Atangana")
CHANNELS = ("mtn_momo", "orange_money", "bank_transfer", "cash")
# Cameroonian mobile prefixes: MTN 67x/650-654/68x, Orange 69x/655-659, Nexttel 66x.
MOBILE_PREFIXES = ("67", "65", "68", "69", "66")
NARRATIVES = {
    "fr": (
        "Un homme m'a appelé en se faisant passer pour un agent {brand} et m'a demandé de valider "
        "une opération. J'ai perdu {amount} F CFA. Il a utilisé le numéro {phone}.",
        "J'ai commandé un téléphone sur une page Facebook, j'ai payé {amount} F CFA par mobile "
        "money au {phone} et je n'ai jamais rien reçu. Le vendeur ne répond plus.",
        "On m'a promis un emploi au Canada contre des frais de dossier de {amount} F CFA envoyés "
        "au {phone}. Le recruteur écrivait depuis une adresse e-mail gratuite.",
    ),
    "en": (
        "A man called me pretending to be from {brand} customer care and asked me to confirm a "
        "transaction. I lost {amount} CFA francs. He used the number {phone}.",
        "I ordered a laptop from an online shop, paid {amount} CFA francs by mobile money to "
        "{phone} and received nothing. The seller blocked me.",
        "Someone I met online asked for {amount} CFA francs for a plane ticket, sent to {phone}, "
        "and then disappeared.",
    ),
}


def mobile_number(rng: random.Random) -> str:
    """A valid Cameroonian mobile number written as people write it (``6 77 12 34 56``)."""
    digits = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
    return f"{digits[0]} {digits[1:3]} {digits[3:5]} {digits[5:7]} {digits[7:9]}"


def report_payload(rng: random.Random) -> dict[str, Any]:
    """A valid body for ``POST /api/v1/reports`` naming a phone, a wallet and an e-mail."""
    language = rng.choice(("fr", "en"))
    amount = rng.randrange(5, 2_000) * 1_000
    suspect_phone = mobile_number(rng)
    narrative = rng.choice(NARRATIVES[language]).format(
        brand=rng.choice(("MTN", "Orange")), amount=f"{amount:,}", phone=suspect_phone
    )
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return {
        "category": rng.choice(CATEGORIES),
        "description": narrative,
        "incident_date": (dt.date.today() - dt.timedelta(days=rng.randrange(1, 60))).isoformat(),
        "region": rng.choice(REGIONS),
        "reporter": {
            "type": "person",
            "name": name,
            "phone": mobile_number(rng),
            "anonymous": False,
        },
        "suspects": [
            {"type": "phone", "value": suspect_phone},
            {"type": "momo_account", "value": "+237" + mobile_number(rng).replace(" ", "")},
            {
                "type": "email",
                "value": f"agent.{uuid.UUID(int=rng.getrandbits(128)).hex[:10]}@example.com",
            },
        ],
        "loss": {"amount": str(amount), "currency": "XAF", "channel": rng.choice(CHANNELS)},
        "language": language,
        "consent": True,
    }


def noise_png(target_bytes: int = 200_000, seed: int = 7) -> bytes:
    """A real PNG of random noise: noise does not compress, so its size is close to the target."""
    side = int((target_bytes / 3) ** 0.5)
    pixels = random.Random(seed).randbytes(side * side * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def multipart_file(field: str, name: str, content_type: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body holding one file, and its Content-Type header."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )
