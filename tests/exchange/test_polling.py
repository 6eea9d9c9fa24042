"""Which partner feeds are due for a poll."""

import datetime as dt

import pytest
from django.utils import timezone

from vigilance.accounts.models import Organisation
from vigilance.exchange.models import ImportSource, SourceKind
from vigilance.exchange.services.polling import sources_due

pytestmark = pytest.mark.django_db


def test_a_source_is_due_once_its_interval_has_passed(peer_cirt: Organisation) -> None:
    now = timezone.now()
    fresh = ImportSource.objects.create(
        partner=peer_cirt,
        kind=SourceKind.TAXII,
        name="Fresh",
        url="https://x.example/c/",
        poll_minutes=60,
        last_polled_at=now - dt.timedelta(minutes=10),
    )
    stale = ImportSource.objects.create(
        partner=peer_cirt,
        kind=SourceKind.TAXII,
        name="Stale",
        url="https://x.example/d/",
        poll_minutes=60,
        last_polled_at=now - dt.timedelta(minutes=61),
    )
    never = ImportSource.objects.create(
        partner=peer_cirt, kind=SourceKind.MISP_FEED, name="New", url="https://x.example/f/"
    )

    due = {source.pk for source in sources_due(now)}

    assert due == {stale.pk, never.pk}
    assert fresh.pk not in due
