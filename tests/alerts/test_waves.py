"""Scam-wave detection over real reports and look-ups: what it finds, the draft alert it
proposes, and that running it again, or after a dismissal, adds nothing."""

import pytest
from django.test import override_settings

from tests.alerts.waves_data import WAVE_NUMBER, daily_history, lookups_record, reports_file
from vigilance.accounts.models import User
from vigilance.alerts.models import Alert, AlertSource, AlertStatus
from vigilance.alerts.models_waves import WaveFinding, WaveKind, WaveStatus
from vigilance.alerts.services.waves import wave_dismiss, waves_detect
from vigilance.alerts.tasks import waves_detect as waves_detect_task
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotAllowed

pytestmark = pytest.mark.django_db


def test_a_dozen_reports_naming_a_new_number_make_a_finding_and_a_draft_alert() -> None:
    reports = reports_file(12)

    found = waves_detect()

    assert [(f.kind, f.subject_key) for f in found] == [
        (WaveKind.INDICATOR, f"phone:{WAVE_NUMBER}")
    ]
    finding = found[0]
    assert finding.recent_count == 12
    assert finding.baseline_mean == 0
    assert finding.series[-1] == 12
    assert len(finding.series) == 29
    assert sorted(finding.report_references) == sorted(r.reference for r in reports)
    assert finding.status == WaveStatus.DRAFTED
    alert = finding.alert
    assert alert is not None
    assert alert.status == AlertStatus.DRAFT
    assert alert.source == AlertSource.DETECTION
    assert alert.drafted_by is None
    assert alert.published_at is None
    assert alert.reference.startswith("ALR-")
    assert alert.title_fr.startswith("Vague de signalements")
    assert alert.title_en.startswith("Scam wave")
    assert "+237 6 50 11 12 22" in alert.body_fr
    assert alert.slug_fr
    assert alert.slug_en
    assert list(alert.identifiers.values_list("type", "value")) == [("phone", WAVE_NUMBER)]
    assert alert.category_id == "mobile_money_fraud"
    assert list(alert.regions.values_list("code", flat=True)) == ["LT"]
    for reference in finding.report_references:
        assert reference not in alert.body_fr + alert.body_en + alert.summary_en


def test_a_wave_reported_across_many_regions_makes_a_national_draft() -> None:
    for region in ("LT", "CE", "OU", "NO"):
        reports_file(3, region=region)

    alert = waves_detect()[0].alert

    assert alert is not None
    assert not alert.regions.exists()


def test_the_job_records_who_found_the_wave_in_the_audit_trail() -> None:
    reports_file(12)

    waves_detect_task()

    event = AuditEvent.objects.get(action="wave.detected")
    assert event.actor_id is None
    assert event.actor_label == "job:waves_detect"


def test_a_flat_history_makes_no_finding() -> None:
    daily_history(4, days=28)
    reports_file(4)

    assert waves_detect() == []
    assert not Alert.objects.exists()


def test_a_busy_number_needs_far_more_than_its_usual_day() -> None:
    daily_history(3, days=28)
    reports_file(8)

    assert waves_detect() == []

    reports_file(4)  # 12 in the last 24 hours: over three times the usual 3 and the margin
    assert [f.recent_count for f in waves_detect()] == [12]


def test_old_reports_alone_make_no_wave() -> None:
    reports_file(20, hours_ago=30)

    assert waves_detect() == []


def test_running_twice_makes_one_finding_and_one_draft() -> None:
    reports_file(12)

    waves_detect()
    assert waves_detect() == []

    assert WaveFinding.objects.count() == 1
    assert Alert.objects.count() == 1


@override_settings(WAVE_REGION_MIN_REPORTS=100)
def test_a_dismissed_finding_does_not_come_back_the_same_day(editor: User) -> None:
    reports_file(12)
    finding = waves_detect()[0]

    wave_dismiss(actor=editor, finding=finding, reason="A campaign already announced.")
    reports_file(5)

    assert waves_detect() == []
    finding.refresh_from_db()
    assert finding.status == WaveStatus.DISMISSED
    assert finding.dismissed_by == editor
    event = AuditEvent.objects.get(action="wave.dismissed")
    assert event.details["reason"] == "A campaign already announced."


def test_a_dismissal_needs_a_reason_and_happens_once(editor: User) -> None:
    reports_file(12)
    finding = waves_detect()[0]

    with pytest.raises(InvalidAction) as blank:
        wave_dismiss(actor=editor, finding=finding, reason="   ")
    assert "reason" in blank.value.fields
    wave_dismiss(actor=editor, finding=finding, reason="Known.")
    with pytest.raises(InvalidAction):
        wave_dismiss(actor=editor, finding=finding, reason="Again.")


def test_only_editors_and_analysts_dismiss(triage_officer: User) -> None:
    reports_file(12)
    finding = waves_detect()[0]

    with pytest.raises(NotAllowed):
        wave_dismiss(actor=triage_officer, finding=finding, reason="Not mine to judge.")


@override_settings(WAVE_REGION_MIN_REPORTS=10, WAVE_MIN_REPORTS=50)
def test_an_offence_rising_in_a_region_makes_a_regional_draft() -> None:
    for index in range(10):
        reports_file(1, value=f"+2376501000{index:02d}", region="NO", category="sextortion")

    found = waves_detect()

    assert [(f.kind, f.subject_key) for f in found] == [(WaveKind.REGION, "sextortion:NO")]
    alert = found[0].alert
    assert alert is not None
    assert alert.category_id == "sextortion"
    assert list(alert.regions.values_list("code", flat=True)) == ["NO"]
    assert not alert.identifiers.exists()


@override_settings(WAVE_LOOKUP_THRESHOLD=30)
def test_a_value_checked_often_and_never_reported_is_an_early_warning() -> None:
    lookups_record("+237699000111", 20, days_ago=0)
    lookups_record("+237699000111", 15, days_ago=2)
    lookups_record("+237699000222", 10)

    found = waves_detect()

    assert [(f.kind, f.subject_key, f.recent_count) for f in found] == [
        (WaveKind.LOOKUP, "phone:+237699000111", 35)
    ]
    assert found[0].series[-1] == 20
    assert found[0].series[-3] == 15
    assert found[0].report_references == []
    assert found[0].alert is not None
    assert found[0].alert.title_en.startswith("Checked many times")


@override_settings(WAVE_LOOKUP_THRESHOLD=30)
def test_a_value_checked_often_but_reported_is_no_early_warning() -> None:
    reports_file(1, value="+237699000111")
    lookups_record("+237699000111", 40)

    assert waves_detect() == []
