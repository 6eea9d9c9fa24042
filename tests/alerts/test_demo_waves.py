"""The demonstration scam wave of ``make run``: one finding and its draft alert, once."""

import pytest

from vigilance.alerts import demo_waves
from vigilance.alerts.models import Alert, AlertSource, AlertStatus
from vigilance.alerts.models_waves import WaveFinding

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_one_finding_and_its_draft_alert_and_is_idempotent() -> None:
    first = demo_waves.seed()
    second = demo_waves.seed()

    finding = WaveFinding.objects.get()
    assert finding.subject_key == f"phone:{demo_waves.WAVE_NUMBER}"
    assert finding.recent_count == demo_waves.WAVE_REPORTS
    alert = Alert.objects.get()
    assert (alert.status, alert.source) == (AlertStatus.DRAFT, AlertSource.DETECTION)
    assert alert.reference in first
    assert "already" in second
