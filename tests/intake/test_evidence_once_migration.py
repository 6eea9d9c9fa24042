"""The migration that holds each file once per report keeps the first link of a repeated file
and every evidence row."""

import datetime as dt

import pytest

from tests.support.migrations import migrate_to, migrate_to_latest

BEFORE = [("intake", "0010_report_add_message_notice_sent_at")]
AFTER = [("intake", "0011_report_evidence_once_per_file")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_file_listed_twice_is_kept_once_and_no_evidence_row_is_lost() -> None:
    apps = migrate_to(BEFORE)
    try:
        Report = apps.get_model("intake", "Report")
        Evidence = apps.get_model("evidence", "Evidence")
        report = Report.objects.create(
            reference="VIG-2026-900001",
            tracking_code_hash="0" * 64,
            channel="web",
            language="fr",
            category=apps.get_model("core", "OffenceCategory").objects.first(),
            description="Arnaque",
            region=apps.get_model("core", "Region").objects.first(),
            consent_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            consent_notice_version="1",
        )
        files = [
            Evidence.objects.create(
                sha256=sha256,
                size=3,
                content_type="image/png",
                original_name=name,
                storage_name=name,
                key_fingerprint="k",
            )
            for sha256, name in (("a" * 64, "1.png"), ("a" * 64, "2.png"), ("b" * 64, "3.png"))
        ]
        for evidence in files:  # one at a time: add() of several links inserts them in any order
            report.evidence.add(evidence)

        apps = migrate_to(AFTER)

        links = apps.get_model("intake", "ReportEvidence").objects.filter(report_id=report.pk)
        assert sorted(links.values_list("evidence_id", "sha256")) == [
            (files[0].pk, "a" * 64),
            (files[2].pk, "b" * 64),
        ]
        assert apps.get_model("evidence", "Evidence").objects.count() == 3
    finally:
        apps = migrate_to_latest()
        apps.get_model("intake", "Report").objects.filter(reference="VIG-2026-900001").delete()
