"""Alerts for the tests, written and published through the services as editors do."""

from typing import Any

from vigilance.accounts.models import User
from vigilance.alerts.models import Alert
from vigilance.alerts.services.alerts import AlertContent, alert_draft, alert_publish, alert_submit


def content(**overrides: Any) -> AlertContent:
    values: dict[str, Any] = {
        "title_fr": "Faux remboursements MoMo",
        "title_en": "Fake MoMo refunds",
        "summary_fr": "Ne renvoyez pas l'argent.",
        "summary_en": "Do not send the money back.",
        "body_fr": "Vérifiez votre **solde**.",
        "body_en": "Check your **balance**.",
        "severity": "warning",
    }
    values.update(overrides)
    return AlertContent(**values)


def published_alert(drafter: User, approver: User, **overrides: Any) -> Alert:
    alert = alert_draft(actor=drafter, content=content(**overrides))
    alert = alert_submit(actor=drafter, alert=alert)
    return alert_publish(actor=approver, alert=alert)
