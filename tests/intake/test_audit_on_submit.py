"""Filing a report writes its audit event at the end of its transaction, after every other
write: the audit head is locked last, after the reference counter (one lock order for every
filing), and the filing that fails leaves no event."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import report_draft
from tests.intake.test_evidence_once import SCREENSHOT
from vigilance.audit import append
from vigilance.audit.append import chain_forget
from vigilance.audit.models import AuditEvent
from vigilance.audit.selectors import audit_chain_verify
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services
from vigilance.intake.models import Channel

pytestmark = pytest.mark.django_db


def _files() -> list[IncomingFile]:
    return [
        IncomingFile("capture.png", SCREENSHOT),
        IncomingFile("recu.png", SCREENSHOT + b"the receipt"),
    ]


def test_a_filing_takes_the_audit_head_last_and_the_chain_verifies() -> None:
    append.chain_forget()  # no stale guess left by an earlier test's rolled-back writes
    chain_forget()  # a guess left stale by an earlier test's rollback
    services.report_submit(draft=report_draft(), channel=Channel.WEB)  # the writer knows the head
    before = AuditEvent.objects.count()

    with CaptureQueriesContext(connection) as queries:
        submitted = services.report_submit(
            draft=report_draft(), channel=Channel.WEB, evidence=_files()
        )

    events = list(AuditEvent.objects.order_by("sequence")[before:])
    assert [event.action for event in events] == ["report.submitted"]
    assert events[0].object_id == submitted.report.reference
    sql = [query["sql"] for query in queries.captured_queries]
    writes = [i for i, q in enumerate(sql) if q.lstrip().startswith(("INSERT", "UPDATE", "WITH"))]
    audit = [i for i in writes if "audit_" in sql[i]]
    counter = next(i for i, q in enumerate(sql) if "intake_referencecounter" in q)
    # The head is taken after the counter and after the report's own rows: nothing but the
    # audit trail is written once it is locked.
    assert counter < min(audit)
    assert all("audit_" in sql[i] for i in writes if i > min(audit))
    if connection.vendor == "postgresql":
        assert len(audit) == 1
    assert audit_chain_verify().is_intact


def test_a_filing_that_fails_after_its_first_file_leaves_no_event() -> None:
    before = AuditEvent.objects.count()
    files = [IncomingFile("capture.png", SCREENSHOT), IncomingFile("again.png", SCREENSHOT)]

    with pytest.raises(services.ReportInvalid):
        services.report_submit(draft=report_draft(), channel=Channel.WEB, evidence=files)

    assert AuditEvent.objects.count() == before
    assert audit_chain_verify().is_intact
