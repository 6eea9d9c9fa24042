"""Editors change the wizard's advice; the public reads the new words at once."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import User
from vigilance.alerts.models_guidance import AdviceBlock
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

MONEY = {"what": "mobile_money", "when": "hour", "paid": "yes", "provider": "mtn"}


def _texts(block: AdviceBlock, **changes: str) -> dict[str, str]:
    return {
        "title_fr": block.title_fr,
        "title_en": block.title_en,
        "body_fr": block.body_fr,
        "body_en": block.body_en,
        **changes,
    }


def test_every_advice_is_written_in_both_languages() -> None:
    blocks = list(AdviceBlock.objects.all())

    assert len(blocks) >= 10
    for block in blocks:
        assert block.title_fr
        assert block.title_en != block.title_fr
        assert block.body_fr
        assert block.body_en != block.body_fr


def test_an_editor_changes_an_advice_and_the_wizard_shows_it(editor: User) -> None:
    block = AdviceBlock.objects.get(key="keep_evidence")
    client = personas.signed_in_client(editor)

    response = client.post(
        "/en/staff/guidance/keep_evidence/",
        _texts(block, body_en="Keep **every** SMS. <script>alert(1)</script>"),
    )

    assert response.status_code == 302
    page = Client().get("/en/what-happened/advice/", MONEY).content.decode()
    assert "Keep <strong>every</strong> SMS." in page
    assert "<script>alert(1)</script>" not in page
    event = AuditEvent.objects.get(action="advice.updated")
    assert event.object_id == "keep_evidence"
    assert event.actor_id == editor.pk


def test_an_advice_cannot_lose_its_text_in_one_language(editor: User) -> None:
    block = AdviceBlock.objects.get(key="keep_evidence")

    response = personas.signed_in_client(editor).post(
        "/fr/staff/guidance/keep_evidence/", _texts(block, body_fr="  ")
    )

    assert response.status_code == 400
    assert "Remplissez ce champ dans les deux langues." in response.content.decode()
    block.refresh_from_db()
    assert block.body_fr.startswith("Ne supprimez rien")
    assert not AuditEvent.objects.filter(action="advice.updated").exists()


def test_an_unknown_advice_is_a_404_for_an_editor(editor: User) -> None:
    response = personas.signed_in_client(editor).get("/fr/staff/guidance/no-such-advice/")

    assert response.status_code == 404
