"""Who counts on the public check: distinct verified reporters naming a value as the offender's
(docs/decisions/0006-public-status.md), never anonymous tips or the victim's own numbers."""

import pytest
from django.test import Client

from tests.factories import report_draft, report_payload
from tests.indicators.lookup_data import (
    SUSPECT,
    SUSPECT_E164,
    report_verify_contact,
    reports_naming,
)
from vigilance.indicators.lookup import public_check
from vigilance.indicators.models import Indicator
from vigilance.intake import services
from vigilance.intake.correlation import sightings_count_verified
from vigilance.intake.models import Channel, Report

pytestmark = pytest.mark.django_db


def _status() -> str:
    return public_check("phone", SUSPECT).status


def test_three_anonymous_reports_from_one_address_stay_not_reported(client: Client) -> None:
    anonymous = {"type": "person", "anonymous": True}
    for _ in range(3):
        response = client.post(
            "/api/v1/reports",
            report_payload(reporter=anonymous, suspects=[{"type": "phone", "value": SUSPECT}]),
            content_type="application/json",
            REMOTE_ADDR="198.51.100.7",
        )
        assert response.status_code == 201

    answer = client.get("/api/v1/lookup", {"type": "phone", "value": SUSPECT}).json()

    assert answer["status"] == "not_reported"
    assert answer["reports"] is None


def test_reports_from_distinct_unverified_contacts_do_not_make_a_value_reported() -> None:
    indicator = reports_naming(reporters=5, verified=False)

    assert (indicator.reporter_count, indicator.verified_reporter_count) == (5, 0)
    assert _status() == "not_reported"


def test_a_number_named_as_the_victims_own_never_counts() -> None:
    indicator = reports_naming(reporters=4, role="victim")

    assert indicator.verified_reporter_count == 0
    assert _status() == "not_reported"


def test_three_distinct_verified_contacts_make_a_value_reported() -> None:
    indicator = reports_naming(reporters=3)

    assert indicator.verified_reporter_count == 3
    assert _status() == "reported"


def test_one_verified_contact_reporting_three_times_counts_once() -> None:
    indicator = reports_naming(reporters=1, reports_each=3)

    assert indicator.verified_reporter_count == 1
    assert _status() == "not_reported"


def test_reports_filed_at_a_counter_or_by_phone_count(investigator_centre) -> None:  # type: ignore[no-untyped-def]
    for person, channel in enumerate((Channel.COUNTER, Channel.PHONE, Channel.COUNTER)):
        services.report_submit(
            draft=report_draft(
                reporter=services.ReporterInput(name="Walk-in", phone=f"+23767100{person:04d}"),
                identifiers=[services.IdentifierInput(type="phone", value=SUSPECT)],
            ),
            channel=channel,
            filed_by=investigator_centre,
        )

    assert _status() == "reported"


def test_verifying_a_report_later_counts_it_once_however_often_it_is_called() -> None:
    reports_naming(reporters=2)
    late = services.report_submit(
        draft=report_draft(
            reporter=services.ReporterInput(name="Late", email="late@example.cm"),
            identifiers=[services.IdentifierInput(type="phone", value=SUSPECT)],
        ),
        channel=Channel.WEB,
    ).report
    assert _status() == "not_reported"

    report_verify_contact(late)
    sightings_count_verified(report=late)
    sightings_count_verified(report=late)

    assert Indicator.objects.get(value=SUSPECT_E164).verified_reporter_count == 3
    assert _status() == "reported"


def test_counting_an_unverified_report_does_nothing() -> None:
    reports_naming(reporters=3, verified=False)

    for report in Report.objects.all():
        sightings_count_verified(report=report)

    assert Indicator.objects.get(value=SUSPECT_E164).verified_reporter_count == 0


def test_a_narrative_number_counts_only_once_an_analyst_confirms_it(
    investigator_centre,  # type: ignore[no-untyped-def]
) -> None:
    from vigilance.intake.correlation import sighting_confirm

    for person in range(3):
        submitted = services.report_submit(
            draft=report_draft(
                description=f"Il m'a appelé depuis le {SUSPECT} pour me demander un code.",
                reporter=services.ReporterInput(name="Awa", phone=f"+23767200{person:04d}"),
                identifiers=[],
            ),
            channel=Channel.WEB,
        )
        report_verify_contact(submitted.report)
    assert _status() == "not_reported"

    for sighting in Report.objects.get(reporter_phone="+237672000000").identifiers.all():
        sighting.role = "suspect"
        sighting.save(update_fields=["role"])
        sighting_confirm(sighting=sighting, actor=investigator_centre)

    assert Indicator.objects.get(value=SUSPECT_E164).verified_reporter_count == 1
