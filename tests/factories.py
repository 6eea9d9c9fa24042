"""Plain builders for test data: a valid report draft, with only what a test changes."""

import datetime as dt
from decimal import Decimal
from typing import Any

from vigilance.intake import services


def report_payload(**changes: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/reports."""
    payload: dict[str, Any] = {
        "category": "mobile_money_fraud",
        "description": "Un homme m'a appelé en se faisant passer pour un agent MTN et j'ai perdu 75 000 F.",
        "incident_date": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
        "region": "CE",
        "reporter": {
            "type": "person",
            "name": "Awa Mbarga",
            "phone": "677 12 34 56",
            "anonymous": False,
        },
        "suspects": [
            {"type": "phone", "value": "+237 6 99 88 77 66"},
            {"type": "momo_account", "value": "00237650112233"},
            {"type": "email", "value": "Faux.Agent@Example.COM"},
        ],
        "loss": {"amount": "75000", "currency": "XAF", "channel": "mtn_momo"},
        "language": "fr",
        "consent": True,
    }
    payload.update(changes)
    return payload


def report_draft(**changes: Any) -> services.ReportDraft:
    values: dict[str, Any] = {
        "category": "online_purchase_scam",
        "description": "I paid for a phone on Facebook Marketplace and it never arrived.",
        "incident_date": dt.date.today() - dt.timedelta(days=1),
        "region": "LT",
        "reporter": services.ReporterInput(name="John Ebai", email="john@example.cm"),
        "identifiers": [services.IdentifierInput(type="phone", value="6 77 12 34 56")],
        "loss": services.LossInput(amount=Decimal("120000"), channel="orange_money"),
        "language": "en",
        "consent": True,
    }
    values.update(changes)
    return services.ReportDraft(**values)
