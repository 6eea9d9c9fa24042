"""The per-account back-off of staff sign-in: after a few failures for one username, from any
address, signing in to it pauses for a delay that doubles with every further failure.

It adds to django-axes' lockout of one address on one username, which a guesser defeats by
changing address. It counts any username typed, so the pause never tells whether it exists.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigilance.accounts.models import SignInBackoff

DEFAULT_FAILURES = 10
DEFAULT_FIRST_PAUSE_SECONDS = 60
DEFAULT_LONGEST_PAUSE_SECONDS = 3600
DEFAULT_FORGET_HOURS = 24


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def sign_in_pause_seconds(*, username: str) -> int:
    """How many seconds signing in to this username stays paused; 0 when it is not."""
    blocked_until = (
        SignInBackoff.objects.filter(username=_key(username))
        .values_list("blocked_until", flat=True)
        .first()
    )
    if blocked_until is None:
        return 0
    remaining = (blocked_until - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


def pause_after(failures: int) -> int:
    """The pause, in seconds, after ``failures`` failures in a row (0 below the threshold)."""
    threshold = _setting("SIGN_IN_BACKOFF_FAILURES", DEFAULT_FAILURES)
    if failures < threshold:
        return 0
    first = _setting("SIGN_IN_BACKOFF_FIRST_SECONDS", DEFAULT_FIRST_PAUSE_SECONDS)
    longest = _setting("SIGN_IN_BACKOFF_LONGEST_SECONDS", DEFAULT_LONGEST_PAUSE_SECONDS)
    doublings = min(failures - threshold, 20)
    return int(min(first * 2**doublings, longest))


@transaction.atomic
def sign_in_failure_record(*, username: str) -> int:
    """Count a failed sign-in (wrong password or wrong code) for this username; the pause that
    follows it, in seconds."""
    key = _key(username)
    if not key:
        return 0
    now = timezone.now()
    SignInBackoff.objects.get_or_create(username=key)
    SignInBackoff.objects.filter(username=key).update(
        failures=F("failures") + 1, last_failure_at=now
    )
    backoff = SignInBackoff.objects.select_for_update().get(username=key)
    pause = pause_after(backoff.failures)
    if pause:
        backoff.blocked_until = now + dt.timedelta(seconds=pause)
        backoff.save(update_fields=["blocked_until"])
    return pause


@transaction.atomic
def sign_in_success_record(*, username: str) -> None:
    """A complete sign-in (password and code) clears the count of its username."""
    SignInBackoff.objects.filter(username=_key(username)).delete()


def sign_in_backoffs_purge() -> int:
    """Forget the counts of usernames with no failure for ``SIGN_IN_BACKOFF_FORGET_HOURS`` and
    no pause still running: every username a guesser types leaves a row. The number forgotten."""
    now = timezone.now()
    quiet_since = now - dt.timedelta(
        hours=_setting("SIGN_IN_BACKOFF_FORGET_HOURS", DEFAULT_FORGET_HOURS)
    )
    forgotten, _ = (
        SignInBackoff.objects.filter(last_failure_at__lt=quiet_since)
        .exclude(blocked_until__gt=now)
        .delete()
    )
    return forgotten
