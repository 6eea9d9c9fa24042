"""GET /api/v1/alerts and /api/v1/alerts/{reference}: published public alerts, in a language."""

import pytest
from django.test import Client

from tests.alerts.factories import content, published_alert
from vigilance.accounts.models import User
from vigilance.alerts.services.alerts import alert_draft, alert_withdraw

pytestmark = pytest.mark.django_db


def test_the_list_holds_published_public_alerts_in_the_language_asked(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor)
    published_alert(editor, second_editor, audience="partners", tlp="green")
    alert_draft(actor=editor, content=content())
    answer = Client().get("/api/v1/alerts", {"lang": "fr"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    assert body["items"][0]["reference"] == alert.reference
    assert body["items"][0]["title"] == "Faux remboursements MoMo"
    assert body["items"][0]["url"].endswith(
        f"/fr/alerts/{alert.reference}/faux-remboursements-momo/"
    )


def test_the_language_follows_accept_language_without_lang(
    editor: User, second_editor: User
) -> None:
    published_alert(editor, second_editor)
    body = Client().get("/api/v1/alerts", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["items"][0]["title"] == "Fake MoMo refunds"
    assert body["items"][0]["language"] == "en"


def test_one_alert_with_its_safe_body_and_identifiers(editor: User, second_editor: User) -> None:
    alert = published_alert(editor, second_editor, identifiers=[("phone", "+237677102030")])
    body = Client().get(f"/api/v1/alerts/{alert.reference}", {"lang": "en"}).json()
    assert body["body_html"] == "<p>Check your <strong>balance</strong>.</p>\n"
    assert body["identifiers"] == [{"type": "phone", "value": "+237677102030"}]
    assert body["status"] == "published"


def test_a_withdrawn_alert_says_so_and_a_draft_is_not_found(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor)
    alert_withdraw(actor=editor, alert=alert, reason="Fausse piste.")
    body = Client().get(f"/api/v1/alerts/{alert.reference}").json()
    assert body["status"] == "withdrawn"
    assert body["withdrawal_reason"] == "Fausse piste."
    draft = alert_draft(actor=editor, content=content())
    answer = Client().get(f"/api/v1/alerts/{draft.reference}")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"]


def test_a_bad_language_is_a_422() -> None:
    assert Client().get("/api/v1/alerts", {"lang": "de"}).status_code == 422
