"""``manage.py seed_demo``: realistic reports, filed through the real service, the same for a seed."""

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from pytest_django.fixtures import Settings

from vigilance.core.reference import read
from vigilance.indicators.normalise import normalise
from vigilance.intake.access import report_get_for_tracking
from vigilance.intake.demo import demo_plan
from vigilance.intake.models import Report, Sighting

pytestmark = pytest.mark.django_db

COUNT = 40


def seed(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_files_the_number_of_reports_asked(var_dir: Path) -> None:
    seed(reports=COUNT, seed=7)
    assert Report.objects.count() == COUNT
    assert Sighting.objects.exists()


def test_every_report_has_a_category_of_the_taxonomy(var_dir: Path) -> None:
    seed(reports=COUNT, seed=7)
    taxonomy = {category["code"] for category in read("taxonomy")["categories"]}
    used = set(Report.objects.values_list("category_id", flat=True))
    assert used <= taxonomy
    assert len(used) >= 5


def test_identifiers_are_stored_normalised(var_dir: Path) -> None:
    seed(reports=COUNT, seed=7)
    identifiers = list(Sighting.objects.all())
    for identifier in identifiers:
        assert normalise(identifier.type, identifier.raw_value).value == identifier.value
    phones = [i for i in identifiers if i.type in {"phone", "momo_account"}]
    assert all(re.fullmatch(r"\+2376\d{8}", i.value) for i in phones)
    assert len({i.raw_value for i in phones if not i.raw_value.startswith("+")}) > 5
    reporters = Report.objects.exclude(reporter_phone="").values_list("reporter_phone", flat=True)
    assert all(re.fullmatch(r"\+2376\d{8}", phone) for phone in reporters)


def test_some_identifier_is_shared_by_at_least_three_reports(var_dir: Path) -> None:
    seed(reports=COUNT, seed=7)
    shared = (
        Sighting.objects.values("type", "value")
        .annotate(reports=Count("report", distinct=True))
        .filter(reports__gte=3)
    )
    assert shared.exists()


def test_reports_are_dated_after_their_incident_within_18_months(var_dir: Path) -> None:
    seed(reports=COUNT, seed=7)
    today = timezone.localdate()
    for report in Report.objects.all():
        assert report.incident_date is not None
        filed = timezone.localtime(report.submitted_at).date()
        assert report.incident_date <= filed <= today
        assert today - report.incident_date <= dt.timedelta(days=560)
        assert report.reference.startswith(f"VIG-{filed.year}-")
    assert Report.objects.filter(submitted_at__lt=timezone.now() - dt.timedelta(days=60)).exists()


def test_mixes_channels_languages_and_anonymous_tips(var_dir: Path) -> None:
    seed(reports=150, seed=3)
    assert set(Report.objects.values_list("channel", flat=True)) == {
        "web",
        "api",
        "counter",
        "phone",
    }
    assert set(Report.objects.values_list("language", flat=True)) == {"fr", "en"}
    assert Report.objects.filter(is_anonymous=True).exists()
    amounts = Report.objects.exclude(loss_amount=None).values_list("loss_amount", flat=True)
    assert all(5000 <= amount <= 2_000_000 for amount in amounts)


def test_same_seed_gives_the_same_reports(var_dir: Path) -> None:
    def content() -> list[tuple[object, ...]]:
        return list(
            Report.objects.order_by("submitted_at").values_list(
                "category_id", "description", "incident_date", "region_id", "channel"
            )
        )

    seed(reports=20, seed=11)
    first = content()
    Report.objects.all().delete()
    seed(reports=20, seed=11)
    assert content() == first


def test_different_seeds_give_different_plans(var_dir: Path) -> None:
    today, now = dt.date(2026, 6, 1), dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    plan = demo_plan(count=10, seed=1, today=today, now=now)
    assert plan == demo_plan(count=10, seed=1, today=today, now=now)
    assert plan != demo_plan(count=10, seed=2, today=today, now=now)


def test_if_empty_does_nothing_the_second_time(var_dir: Path) -> None:
    seed(reports=10, seed=5, if_empty=True)
    references = set(Report.objects.values_list("reference", flat=True))
    output = seed(reports=10, seed=5, if_empty=True)
    assert "already exist" in output
    assert set(Report.objects.values_list("reference", flat=True)) == references


def test_keeps_three_reports_a_person_can_follow(var_dir: Path) -> None:
    seed(reports=10, seed=5)
    kept = json.loads((var_dir / "demo-reports.json").read_text())
    assert len(kept) == 3
    for item in kept:
        report = report_get_for_tracking(
            reference=item["reference"], tracking_code=item["tracking_code"]
        )
        assert report.reference == item["reference"]


def test_refused_in_the_production_shape(var_dir: Path, settings: Settings) -> None:
    settings.EMBEDDED = False
    with pytest.raises(CommandError):
        seed(reports=5)
    assert not Report.objects.exists()
