"""The audit trail in words: every action the code records has a sentence in French and English,
the auditors' page shows sentences with the raw record folded away, and a payload missing a
value still reads."""

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils import translation

from tests import personas
from vigilance.accounts.admin import AuditedAdmin
from vigilance.accounts.models import User
from vigilance.audit.describe import event_sentence, sentence_for
from vigilance.audit.services import audit_record
from vigilance.indicators.models import Dispute

SOURCE = Path(settings.BASE_DIR)
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
AUDITING_CALLS = {"audit_record", "_audit"}


def _admin_actions() -> set[str]:
    return {
        f"{model._meta.model_name}.{verb}_in_admin"
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdmin)
        for verb in ("created", "changed", "deleted")
    }


# The actions whose code is built at run time, spelled out by what builds them.
BUILT_ACTIONS = {
    "f'dispute.{locked.state}'": lambda: {
        f"dispute.{state}" for state in (Dispute.State.UPHELD, Dispute.State.REJECTED)
    },
    "f'{obj._meta.model_name}.{verb}_in_admin'": _admin_actions,
}


def _strings(node: ast.AST) -> set[str]:
    return {
        found.value
        for found in ast.walk(node)
        if isinstance(found, ast.Constant) and isinstance(found.value, str)
        if CODE.match(found.value)
    }


def recorded_actions() -> set[str]:
    """Every action the code base records: the codes passed to ``audit_record`` or an app's
    ``_audit``, or assigned to an ``action`` before such a call."""
    actions: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in AUDITING_CALLS:
                    continue
                given = [k.value for k in node.keywords if k.arg == "action"] + node.args[:2]
                for argument in given:
                    if isinstance(argument, ast.JoinedStr):
                        built = ast.unparse(argument)
                        assert built in BUILT_ACTIONS, f"{path}: spell out {built} in this test"
                        actions |= BUILT_ACTIONS[built]()
                    else:
                        actions |= _strings(argument)
            elif isinstance(node, ast.Assign) and any(
                getattr(target, "id", None) == "action" for target in node.targets
            ):
                actions |= _strings(node.value)
    return actions


def test_the_scan_finds_the_actions_of_every_app() -> None:
    actions = recorded_actions()

    for action in ("case.shared", "report.routed", "evidence.read", "account.created"):
        assert action in actions
    assert "dispute.upheld" in actions
    assert "unit.changed_in_admin" in actions
    assert len(actions) > 60


@pytest.mark.parametrize("action", sorted(recorded_actions()))
def test_every_recorded_action_has_a_sentence_in_french_and_english(action: str) -> None:
    sentence = sentence_for(action)

    assert sentence is not None, f"{action} has no sentence in audit/describe.py"
    with translation.override("en"):
        english = str(sentence.text)
    with translation.override("fr"):
        french = str(sentence.text)
    assert "%(actor)s" in english
    assert french != english, f"{action} has no French sentence"
    assert set(re.findall(r"%\((\w+)\)s", french)) == set(re.findall(r"%\((\w+)\)s", english))


def _event(action: str, details: object, **fields: object) -> SimpleNamespace:
    values = {"actor_id": None, "actor_label": "marie", "object_type": "case"}
    values |= {"object_id": "CAS-2026-000007", **fields}
    return SimpleNamespace(action=action, details=details, **values)


def test_a_payload_missing_a_value_reads_with_a_dash() -> None:
    with translation.override("fr"):
        sentence = event_sentence(_event("case.shared", {"share": 3}))

    assert "CAS-2026-000007" in sentence
    assert "—" in sentence
    assert "%(" not in sentence


def test_a_payload_that_is_not_an_object_still_reads() -> None:
    with translation.override("en"):
        sentence = event_sentence(_event("case.opened", ["not", "a", "mapping"]))

    assert sentence.startswith("Marie opened case CAS-2026-000007")


def test_an_unknown_action_reads_as_a_generic_sentence() -> None:
    with translation.override("fr"):
        sentence = event_sentence(_event("robot.danced", {}))

    assert sentence == "Action « robot.danced » par marie."


def test_a_share_reads_with_the_unit_the_rights_and_the_date_in_french() -> None:
    event = _event(
        "case.shared",
        {"recipient": "Unité X", "rights": [], "expires": "2027-01-04T12:00:00+00:00"},
    )

    with translation.override("fr"):
        sentence = event_sentence(event)

    assert sentence == (
        "Marie a partagé l\u2019affaire CAS-2026-000007 avec Unité X, en lecture seule, "
        "jusqu\u2019au 4 janvier 2027."
    )


@pytest.mark.django_db
def test_the_page_in_french_shows_sentences_and_codes_only_in_the_raw_record(
    auditor: User, investigator_centre: User
) -> None:
    investigator_centre.first_name, investigator_centre.last_name = "Marie", "Ndzi"
    investigator_centre.save(update_fields=["first_name", "last_name"])
    audit_record(
        actor=investigator_centre,
        action="case.shared",
        object_type="case",
        object_id="CAS-2026-000042",
        details={"recipient": "SED", "rights": ["contribute"], "expires": "2027-01-04"},
    )
    audit_record(
        actor=investigator_centre,
        action="report.routed",
        object_type="report",
        object_id="VIG-2026-ABCD",
        details={"unit": "dgsn-cyber-ce"},
    )
    audit_record(actor=None, actor_label="job:test", action="case.status_changed", details={})

    response = personas.signed_in_client(auditor).get("/fr/staff/audit/")

    body = response.content.decode()
    outside = re.sub(r"<details>.*?</details>", "", body, flags=re.DOTALL)
    assert response.status_code == 200
    assert "Marie Ndzi a partagé l\u2019affaire CAS-2026-000042 avec SED" in outside
    assert "pour ajouter des notes et des tâches" in outside
    assert "Marie Ndzi a orienté le signalement VIG-2026-ABCD vers" in outside
    assert "dgsn-cyber-ce" not in outside
    assert "Une tâche automatique a changé le statut de l\u2019affaire" in outside
    for code in ("case.shared", "report.routed", "case.status_changed"):
        assert code not in outside
        assert f"<code>{code}</code>" in body


@pytest.mark.django_db
def test_the_filters_still_narrow_the_page(auditor: User) -> None:
    audit_record(actor=None, actor_label="job:test", action="case.viewed", object_id="A-1")
    audit_record(actor=None, actor_label="job:test", action="report.viewed", object_id="B-2")

    response = personas.signed_in_client(auditor).get("/en/staff/audit/?action=report.")

    body = response.content.decode()
    assert "An automatic job opened report B-2." in body
    assert "A-1" not in body
