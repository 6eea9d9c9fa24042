"""Every username a guesser types leaves a back-off row; the hourly job forgets the quiet ones,
never a pause still running, and the job is scheduled."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from vigilance.accounts.models import SignInBackoff
from vigilance.accounts.services.backoff import sign_in_failure_record, sign_in_pause_seconds
from vigilance.accounts.tasks import purge_sign_in_backoffs

pytestmark = pytest.mark.django_db


def _age(username: str, *, hours: float, blocked_for_hours: float | None = None) -> None:
    now = timezone.now()
    SignInBackoff.objects.filter(username=username).update(
        last_failure_at=now - dt.timedelta(hours=hours),
        blocked_until=None
        if blocked_for_hours is None
        else now + dt.timedelta(hours=blocked_for_hours),
    )


def test_quiet_counts_are_forgotten_and_running_pauses_kept() -> None:
    for name in ("guessed-long-ago", "guessed-today", "still-paused"):
        sign_in_failure_record(username=name)
    _age("guessed-long-ago", hours=25)
    _age("guessed-today", hours=2)
    _age("still-paused", hours=30, blocked_for_hours=1)

    forgotten = purge_sign_in_backoffs()

    assert forgotten == 1
    assert set(SignInBackoff.objects.values_list("username", flat=True)) == {
        "guessed-today",
        "still-paused",
    }
    assert sign_in_pause_seconds(username="still-paused") > 3000


def test_the_purge_runs_every_hour() -> None:
    job = settings.CELERY_BEAT_SCHEDULE["purge-sign-in-backoffs"]

    assert job["task"] == "vigilance.accounts.tasks.purge_sign_in_backoffs"
    assert job["schedule"] == 3600
