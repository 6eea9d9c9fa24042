"""The demonstration history: three years of reports, in their own series, added once."""

import pytest
from django.db.models import Count
from django.db.models.functions import TruncYear

from vigilance.intake.models import Report, ReportStatus
from vigilance.stats import demo_history

pytestmark = pytest.mark.django_db


def test_seed_adds_three_years_of_reports_once():
    first = demo_history.seed()
    count = Report.objects.count()
    assert 2_500 <= count <= 4_000
    assert "added" in first
    assert "already there" in demo_history.seed()
    assert Report.objects.count() == count


def test_history_spans_three_calendar_years_with_closed_cases_and_losses():
    demo_history.seed()
    years = Report.objects.annotate(year=TruncYear("submitted_at")).values("year").distinct()
    assert len(years) >= 3
    assert Report.objects.filter(status=ReportStatus.CLOSED).exclude(outcome="").exists()
    assert Report.objects.filter(loss_amount__gt=0).count() > 500
    by_reference = Report.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1)
    assert not by_reference.exists()
    assert all(
        ref.split("-")[2].startswith("9")
        for ref in Report.objects.values_list("reference", flat=True)
    )
