"""The demonstration requisitions and freezes ``make run`` seeds through ``seed_workspace``:
partner responders with something on their desk, every state, and a money trail whose amounts
add up on the case and on the victim's follow page."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from vigilance.accounts.models import User
from vigilance.audit.selectors import audit_chain_verify
from vigilance.intake.models import Report
from vigilance.requisitions import demo
from vigilance.requisitions.models import (
    FreezeRequest,
    FreezeStatus,
    Requisition,
    RequisitionStatus,
)
from vigilance.requisitions.selectors import freezes as freeze_selectors
from vigilance.requisitions.selectors import requisition as selectors

pytestmark = pytest.mark.django_db


def _run(command: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(var_dir: Path, settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _run("seed_demo", reports=150, seed=2026)
    _run("seed_workspace")


def test_every_requisition_and_freeze_state_is_seeded(seeded: None) -> None:
    statuses = set(Requisition.objects.values_list("status", flat=True))
    assert statuses == set(RequisitionStatus.values)
    assert set(FreezeRequest.objects.values_list("status", flat=True)) == set(FreezeStatus.values)
    overdue = [r for r in Requisition.objects.all() if r.is_overdue]
    assert len(overdue) == 1
    assert Requisition.objects.filter(urgency="urgent", status=RequisitionStatus.SENT).exists()
    answered = Requisition.objects.filter(status=RequisitionStatus.ANSWERED, addressee__code="mtn")
    assert answered.get().answer_files.count() == 1
    assert answered.get().answer_items == [{"type": "phone", "value": "+237677987654"}]
    assert Requisition.objects.get(status=RequisitionStatus.REFUSED).refusal_reason
    assert audit_chain_verify().is_intact


def test_each_demo_responder_has_requisitions_or_freezes_on_their_desk(seeded: None) -> None:
    for spec in demo.RESPONDERS:
        responder = User.objects.get(username=spec.username)
        desk = [
            *selectors.desk_list(user=responder),
            *selectors.desk_recently_closed(user=responder),
        ]
        assert desk, spec.username
        assert {r.addressee_id for r in desk} == {responder.organisation_id}
    momo = User.objects.get(username="mtn.momo")
    assert freeze_selectors.freezes_for_desk(user=momo)


def test_the_money_trail_adds_up_on_the_case_and_the_follow_page(
    seeded: None, var_dir: Path
) -> None:
    shown = json.loads((var_dir / demo.DEMO_REPORTS_FILE).read_text())
    report = Report.objects.get(reference=shown[-1]["reference"])
    case = report.case_link.case
    trail = freeze_selectors.money_trail(case=case)
    assert [node.depth for node in trail.nodes] == [0, 1, 2]
    assert [node.freeze.issuer.code for node in trail.nodes] == [
        "mtn_momo",
        "orange_money",
        "afriland",
    ]
    assert trail.nodes[2].freeze.account_type == "bank_account"
    assert (trail.lost, trail.held, trail.returned) == (
        demo.LOST,
        demo.HELD_A + demo.HELD_C,
        0,
    )
    assert freeze_selectors.report_amounts(report=report) == (demo.HELD_A + demo.HELD_C, 0)


def test_it_adds_nothing_the_second_time(seeded: None, var_dir: Path) -> None:
    counts = Requisition.objects.count(), FreezeRequest.objects.count()
    assert demo.requisitions_demo_create(var_dir=var_dir) is None
    assert (Requisition.objects.count(), FreezeRequest.objects.count()) == counts
