"""Publishing confirmed-fraud identifiers as STIX objects: versions only on change, revoked
versions when a confirmation is withdrawn, nothing RED, groupings without report references."""

import json

import pytest

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeObject
from vigilance.exchange.services.publish import publish_run
from vigilance.exchange.stix.markings import TLP_MARKING_IDS
from vigilance.exchange.stix.objects import indicator_id
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.indicators.services import indicator_set_status
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


def file_report(*identifiers: tuple[str, str]) -> Report:
    draft = report_draft(
        identifiers=[services.IdentifierInput(type=t, value=v) for t, v in identifiers]
    )
    return services.report_submit(draft=draft, channel="web").report


def confirm(indicator: Indicator, tlp: str = Tlp.GREEN) -> Indicator:
    Indicator.objects.filter(pk=indicator.pk).update(tlp=tlp)
    indicator.refresh_from_db()
    indicator_set_status(
        indicator=indicator,
        status=IndicatorStatus.CONFIRMED_FRAUD,
        reason="Named in several reports.",
        actor=personas.persona("cirt_analyst"),
    )
    return indicator


def latest(stix_type: str) -> list[dict]:
    rows = ExchangeObject.objects.filter(type=stix_type, is_latest=True)
    return [json.loads(row.body) for row in rows]


@pytest.fixture
def phone() -> Indicator:
    file_report(("phone", "6 99 88 77 66"), ("email", "faux.agent@example.com"))
    return confirm(Indicator.objects.get(type="phone"))


def test_a_confirmed_identifier_is_published_as_four_objects_and_the_common_ones(phone):
    publish_run()

    (indicator,) = latest("indicator")
    assert indicator["id"] == indicator_id("phone", phone.value)
    assert indicator["pattern"] == f"[phone-number:value = '{phone.value}']"
    assert indicator["object_marking_refs"] == [TLP_MARKING_IDS[Tlp.GREEN]]
    (sighting,) = latest("sighting")
    assert sighting["count"] == 1
    assert sighting["sighting_of_ref"] == indicator["id"]
    (relationship,) = latest("relationship")
    (observable,) = latest("phone-number")
    assert relationship["source_ref"] == indicator["id"]
    assert relationship["target_ref"] == observable["id"]
    assert len(latest("marking-definition")) == 4
    assert len(latest("extension-definition")) == 5
    assert ExchangeObject.objects.filter(is_common=True, tlp=Tlp.CLEAR).count() == 10


def test_publishing_twice_without_change_writes_nothing(phone):
    publish_run()
    count = ExchangeObject.objects.count()

    again = publish_run(full=True)
    incremental = publish_run()

    assert ExchangeObject.objects.count() == count
    assert again.written == 0
    assert incremental.written == 0
    assert again.unchanged > 0


def test_a_change_writes_one_new_version_and_the_old_stops_being_latest(phone):
    publish_run()
    Indicator.objects.filter(pk=phone.pk).update(categories=["sextortion"])

    result = publish_run(full=True)

    assert result.written == 1
    versions = ExchangeObject.objects.filter(type="indicator").order_by("version")
    assert [row.is_latest for row in versions] == [False, True]
    newest = json.loads(versions[1].body)
    assert "sextortion" in newest["labels"]
    assert newest["modified"] > json.loads(versions[0].body)["modified"]
    assert newest["created"] == json.loads(versions[0].body)["created"]


def test_a_withdrawn_confirmation_yields_a_revoked_version(phone):
    publish_run()
    indicator_set_status(
        indicator=phone,
        status=IndicatorStatus.FALSE_POSITIVE,
        reason="The owner proved it was not theirs.",
        actor=personas.persona("cirt_analyst"),
    )

    result = publish_run()

    assert result.revoked == 3
    for stix_type in ("indicator", "relationship", "sighting"):
        (body,) = latest(stix_type)
        assert body["revoked"] is True


def test_confirmed_again_after_a_revocation_is_published_under_new_ids(phone):
    publish_run()
    analyst = personas.persona("cirt_analyst")
    indicator_set_status(
        indicator=phone, status=IndicatorStatus.DISPUTED, reason="Disputed.", actor=analyst
    )
    publish_run()
    indicator_set_status(
        indicator=phone, status=IndicatorStatus.CONFIRMED_FRAUD, reason="Again.", actor=analyst
    )

    publish_run()

    bodies = latest("indicator")
    assert len(bodies) == 2
    assert sorted(bool(body.get("revoked")) for body in bodies) == [False, True]


@pytest.mark.parametrize("tlp", [Tlp.RED, Tlp.AMBER_STRICT])
def test_red_and_amber_strict_identifiers_are_never_published(tlp):
    file_report(("phone", "6 99 88 77 66"))
    confirm(Indicator.objects.get(type="phone"), tlp=tlp)

    publish_run(full=True)

    assert not ExchangeObject.objects.filter(is_common=False).exists()
    assert not ExchangeObject.objects.filter(body__contains=TLP_MARKING_IDS[Tlp.RED]).exists()


def test_an_identifier_turned_red_is_revoked_under_its_old_marking(phone):
    publish_run()
    Indicator.objects.filter(pk=phone.pk).update(tlp=Tlp.RED)

    publish_run(full=True)

    (body,) = latest("indicator")
    assert body["revoked"] is True
    assert body["object_marking_refs"] == [TLP_MARKING_IDS[Tlp.GREEN]]
    assert not ExchangeObject.objects.filter(tlp=Tlp.RED).exists()


def test_identifiers_named_together_make_one_grouping_without_report_references():
    report = file_report(("phone", "6 99 88 77 66"), ("email", "faux.agent@example.com"))
    for indicator in Indicator.objects.all():
        confirm(indicator)

    publish_run()

    (grouping,) = latest("grouping")
    assert grouping["context"] == "suspicious-activity"
    assert sorted(grouping["object_refs"]) == sorted(body["id"] for body in latest("indicator"))
    text = json.dumps(grouping)
    for secret in (report.reference, str(report.public_id), report.reporter_name):
        if secret:
            assert secret not in text


def test_a_grouping_takes_the_strictest_marking_of_its_members_and_cases():
    report = file_report(("phone", "6 99 88 77 66"), ("email", "faux.agent@example.com"))
    confirm(Indicator.objects.get(type="phone"), tlp=Tlp.CLEAR)
    confirm(Indicator.objects.get(type="email"), tlp=Tlp.GREEN)
    publish_run()
    (grouping,) = latest("grouping")
    assert grouping["object_marking_refs"] == [TLP_MARKING_IDS[Tlp.GREEN]]

    case = _case_holding(report)
    Case.objects.filter(pk=case.pk).update(tlp=Tlp.RED)
    publish_run()

    (revoked,) = latest("grouping")
    assert revoked["revoked"] is True


def _case_holding(report: Report) -> Case:
    routed = staff.report_route(
        report=report,
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        actor=personas.persona("triage_officer"),
    )
    return lifecycle.case_open(report=routed, actor=personas.persona("investigator_littoral"))


def test_the_demonstration_seed_publishes_and_runs_again_without_writing(phone):
    from io import StringIO

    from vigilance.exchange.demo_publish import seed

    seed(StringIO())
    count = ExchangeObject.objects.count()
    again = StringIO()
    seed(again)

    assert count > 10
    assert ExchangeObject.objects.count() == count
    assert again.getvalue().startswith("STIX objects: 0 written")
