"""A case action that records several audit events appends them together when its work is done:
opening a case from a report whose freeze joins it writes both events in one statement, in the
order they happened, and the chain verifies."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.requisitions.conftest import fraud_report
from tests.requisitions.test_freeze_proposals import route
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.audit.selectors import audit_chain_verify
from vigilance.cases.services import lifecycle

pytestmark = pytest.mark.django_db


def test_opening_a_case_appends_its_event_and_its_freezes_together(
    triage_officer: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    report = fraud_report()
    freeze = route(report, triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True)[0]

    with CaptureQueriesContext(connection) as queries:
        case = lifecycle.case_open(report=report, actor=investigator_littoral)

    events = list(AuditEvent.objects.filter(sequence__gt=before).order_by("sequence"))
    assert [(event.action, event.object_id) for event in events] == [
        ("case.opened", case.number),
        ("freeze.joined_case", freeze.reference),
    ]
    appends = [q for q in queries.captured_queries if "audit_auditevent" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(appends) == 1
    assert audit_chain_verify().is_intact
