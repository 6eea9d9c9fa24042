"""The demonstration history: three years of reports, in their own series, added once."""

import pytest
from django.db.models import Count

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
    years = {moment.year for moment in Report.objects.values_list("submitted_at", flat=True)}
    assert len(years) >= 3
    assert Report.objects.filter(status=ReportStatus.CLOSED).exclude(outcome="").exists()
    assert Report.objects.filter(loss_amount__gt=0).count() > 500
    by_reference = Report.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1)
    assert not by_reference.exists()
    assert all(
        ref.split("-")[2].startswith("9")
        for ref in Report.objects.values_list("reference", flat=True)
    )


def test_after_a_refresh_the_open_data_shows_three_years_of_months(client):
    from tests.stats.cells import month_back
    from vigilance.stats.services.refresh import statistics_refresh

    demo_history.seed()
    statistics_refresh()
    query = {"from": f"{month_back(35):%Y-%m}", "to": f"{month_back(0):%Y-%m}", "by": "month"}
    body = client.get("/api/v1/stats/reports", query).json()
    assert len(body["rows"]) == 36
    assert all(isinstance(row["reports"], int) for row in body["rows"])
    by_cell = client.get("/api/v1/stats/reports", {**query, "by": "month,region,category"}).json()
    assert any(row["reports"] == "<5" for row in by_cell["rows"])
