"""The demonstration's partner import meets the most reported number, keeps the link shortener
apart, and does nothing the second time."""

import io

import pytest

from tests.exchange.conftest import peer
from vigilance.exchange import demo_imports
from vigilance.exchange.models import ImportBatch, PartnerIndicator
from vigilance.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_partner_event_names_the_most_reported_number_once() -> None:
    peer(demo_imports.PARTNER_CODE, "CERT partenaire (démo) Gabon")
    Indicator.objects.create(type="phone", value="+237650000001", report_count=2)
    top = Indicator.objects.create(type="phone", value="+237677000042", report_count=9)

    demo_imports.seed(io.StringIO())
    demo_imports.seed(io.StringIO())

    assert ImportBatch.objects.count() == 1
    known = PartnerIndicator.objects.get(type="phone")
    assert known.value == top.value
    assert known.tlp == "amber"
    shortener = PartnerIndicator.objects.get(type="url")
    assert shortener.is_warning_listed
    assert not PartnerIndicator.objects.get(type="domain").is_warning_listed


def test_without_a_partner_nothing_is_imported() -> None:
    Indicator.objects.create(type="phone", value="+237677000042", report_count=9)
    out = io.StringIO()

    demo_imports.seed(out)

    assert not ImportBatch.objects.exists()
    assert "skipped" in out.getvalue()
