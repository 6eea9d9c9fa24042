"""``manage.py seed_workspace``: demonstration routing, cases, tasks and notes on seed_demo's
reports, through the real services, idempotent with ``--if-empty``."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from vigilance.accounts.models import User
from vigilance.audit.selectors import audit_chain_verify
from vigilance.cases.demo_indicators import DEMO_CHECKS_FILE, OFTEN_CHECKED
from vigilance.cases.models import Case, CaseNote, CaseStatus, CaseTask
from vigilance.indicators.lookup import public_check
from vigilance.indicators.models import Dispute
from vigilance.indicators.selectors import early_warnings
from vigilance.intake.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def _run(command: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(var_dir: Path, settings: Settings) -> None:
    """seed_workspace on seed_demo's 300 reports (its time is measured by ``make bench``). The
    demo accounts' password hashing (Argon2, slow on purpose) is left out."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _run("seed_demo", reports=300, seed=2026)
    _run("seed_workspace")


def test_seed_workspace_routes_opens_cases_gives_tasks_and_closes_some_quickly(
    seeded: None,
) -> None:
    routed = Report.objects.exclude(status=ReportStatus.RECEIVED).count()
    assert 100 <= routed <= 200
    # Twenty at most from the reports, and the case of the demonstration money trail.
    assert 10 <= Case.objects.count() <= 21
    assert Case.objects.filter(status=CaseStatus.CLOSED).exclude(outcome="").exists()
    assert Report.objects.filter(status=ReportStatus.IN_CASE).count() >= Case.objects.count()
    assert CaseNote.objects.exists()
    # Reports grouped in a case name a common identifier.
    grouped = [case for case in Case.objects.all() if case.reports.count() > 1]
    assert grouped
    for case in grouped:
        pairs = [
            set(report.identifiers.values_list("type", "value")) for report in case.reports.all()
        ]
        assert set.intersection(*pairs)
    # The two demo investigators lead cases and hold tasks due today; one task is overdue.
    today = timezone.localdate()
    for username in ("investigator.centre", "investigator.littoral"):
        investigator = User.objects.get(username=username)
        assert Case.objects.filter(lead=investigator).exists()
        assert CaseTask.objects.filter(assignee=investigator, due_date=today).exists()
    assert CaseTask.objects.filter(due_date__lt=today, done_at__isnull=True).count() == 1
    # Everything went through the services: the audit chain is whole.
    assert audit_chain_verify().is_intact


def test_if_empty_adds_nothing_the_second_time(seeded: None) -> None:
    cases = Case.objects.count()
    out = _run("seed_workspace", if_empty=True)
    assert "already exist" in out
    assert Case.objects.count() == cases


def test_without_reports_it_says_to_run_seed_demo_first(var_dir: Path) -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        _run("seed_workspace")


def test_seed_workspace_leaves_values_to_try_on_the_public_check(
    seeded: None, var_dir: Path
) -> None:
    tried = json.loads((var_dir / DEMO_CHECKS_FILE).read_text())
    assert [item["answer"] for item in tried] == ["confirmed_fraud", "reported", "not_reported"]
    for item in tried:
        assert public_check(item["type"], item["value"]).status == item["answer"]
    assert Dispute.objects.filter(state=Dispute.State.OPEN).count() == 1
    often = early_warnings(days=7, threshold=20)
    assert OFTEN_CHECKED[0] in [row.value for row in often]
