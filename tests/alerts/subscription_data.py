"""Alerts and subscribers for the subscription and delivery tests."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from tests.personas import persona
from vigilance.alerts.models import Alert, AlertStatus, Audience
from vigilance.alerts.models_subscriptions import Subscriber
from vigilance.core.models import OffenceCategory, Region

_counter = iter(range(1, 1_000_000))


def alert_published(
    *,
    regions: tuple[str, ...] = (),
    category: str | None = "mobile_money_fraud",
    audience: str = Audience.PUBLIC,
    status: str = AlertStatus.PUBLISHED,
    title_en: str = "Fake MTN agents ask for your PIN",
    title_fr: str = "De faux agents MTN demandent votre code secret",
) -> Alert:
    number = next(_counter)
    alert = Alert.objects.create(
        reference=f"ALR-2026-{number:06d}",
        slug_fr="faux-agents-mtn",
        slug_en="fake-mtn-agents",
        title_fr=title_fr,
        title_en=title_en,
        summary_fr="Ils appellent, se disent agents MTN et demandent votre code.",
        summary_en="They call, claim to be MTN agents and ask for your code.",
        body_fr="Ne donnez jamais votre code.",
        body_en="Never give your code.",
        category=OffenceCategory.objects.get(code=category) if category else None,
        audience=audience,
        status=status,
        published_at=timezone.now() if status == AlertStatus.PUBLISHED else None,
        approved_by=persona("second_editor") if status == AlertStatus.PUBLISHED else None,
    )
    alert.regions.set(Region.objects.filter(code__in=regions))
    return alert


def subscriber_confirmed(
    address: str,
    *,
    channel: str = "email",
    regions: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    language: str = "fr",
) -> Subscriber:
    subscriber = Subscriber.objects.create(
        channel=channel, address=address, language=language, confirmed_at=timezone.now()
    )
    subscriber.regions.set(Region.objects.filter(code__in=regions))
    subscriber.categories.set(OffenceCategory.objects.filter(code__in=categories))
    return subscriber


def confirmation_token_sent() -> str:
    """The token of the confirmation link in the last e-mail of the outbox."""
    match = re.search(r"/alerts/subscribe/confirm/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def sms_sent() -> list[dict[str, str]]:
    folder = Path(settings.SMS_FILE_PATH)
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def sms_code_sent() -> str:
    match = re.search(r"\b(\d{6})\b", sms_sent()[-1]["text"])
    assert match
    return match.group(1)


@contextmanager
def committed() -> Iterator[None]:
    """Run the work deferred to the commit (mail, SMS, jobs) as the real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
