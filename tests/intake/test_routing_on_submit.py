"""Every new report is routed by the rules and given a triage priority as it is saved."""

from decimal import Decimal

import pytest

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.core.models import Region
from vigilance.directory.models import RoutingAction, RoutingRule
from vigilance.directory.services import (
    routing_rule_create,
    routing_rule_deactivate,
    routing_rule_update,
)
from vigilance.intake import services
from vigilance.intake.models import ReportStatus

pytestmark = pytest.mark.django_db


def _submit(**changes: object) -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(**changes), channel="web")


def test_fraud_in_littoral_goes_to_the_littoral_police_section_by_its_rule() -> None:
    report = _submit(region="LT").report
    report.refresh_from_db()
    assert report.unit is not None
    assert report.unit.code == "dgsn-cyber-lt"
    assert report.routing_rule is not None
    assert "Littoral" in report.routing_rule.name
    assert report.status == ReportStatus.RECEIVED


def test_child_abuse_goes_to_the_specialised_unit_and_informs_interpol() -> None:
    report = _submit(category="child_sexual_abuse", region="NO", loss=None, identifiers=[]).report
    assert report.unit.code == "dgsn-minors"
    assert [unit.code for unit in report.informed_units.all()] == ["interpol-ncb-cyber"]


def test_large_loss_informs_the_financial_intelligence_unit() -> None:
    loss = services.LossInput(amount=Decimal("7500000"), channel="bank_transfer")
    report = _submit(region="AD", loss=loss).report
    assert report.unit.code == "sed-cyber-ad"
    assert "anif-analysis" in {unit.code for unit in report.informed_units.all()}


def test_a_report_sharing_an_identifier_with_earlier_reports_ranks_higher() -> None:
    first = _submit().report
    _submit()
    third = _submit().report
    assert third.priority > first.priority


def test_a_minor_victim_ranks_higher_than_the_same_report_for_an_adult() -> None:
    adult = _submit(identifiers=[]).report
    reporter = services.ReporterInput(name="Parent", email="p@example.cm", victim_is_minor=True)
    minor = _submit(identifiers=[], reporter=reporter).report
    assert minor.priority >= adult.priority + 25


def test_the_submission_is_in_the_audit_trail_without_personal_data() -> None:
    report = _submit().report
    event = AuditEvent.objects.get(action="report.submitted", object_id=report.reference)
    assert event.actor_label == "reporter"
    assert event.details["unit"] == "dgsn-cyber-lt"
    assert "John" not in str(event.details)


def _assign(rule: RoutingRule, unit_code: str, actor: User) -> None:
    """Edit ``rule`` (active again) to assign its reports to another unit."""
    routing_rule_update(
        actor=actor,
        rule=rule,
        position=rule.position,
        name_fr=rule.name_fr,
        name_en=rule.name_en,
        action=RoutingAction.ASSIGN,
        unit=Unit.objects.get(code=unit_code),
        region=rule.region,
    )


def test_each_edit_of_the_rules_routes_the_next_report_although_each_process_keeps_them(
    administrator_user: User,
) -> None:
    """The rules are kept by the process between reports; adding, editing, deactivating and
    deleting a rule each route the very next report by the rules as they now are."""
    assert _submit(region="SW").report.unit.code == "dgsn-cyber-sw"
    minors = Unit.objects.get(code="dgsn-minors")
    rule = routing_rule_create(
        actor=administrator_user,
        position=1,
        name_fr="Sud-Ouest vers les mineurs",
        name_en="South-West to minors",
        action=RoutingAction.ASSIGN,
        unit=minors,
        region=Region.objects.get(code="SW"),
    )
    assert _submit(region="SW").report.unit.code == "dgsn-minors"

    _assign(rule, "interpol-ncb-cyber", administrator_user)
    assert _submit(region="SW").report.unit.code == "interpol-ncb-cyber"

    routing_rule_deactivate(actor=administrator_user, rule=rule)
    assert _submit(region="SW").report.unit.code == "dgsn-cyber-sw"

    _assign(rule, "dgsn-minors", administrator_user)
    assert _submit(region="SW").report.unit.code == "dgsn-minors"
    RoutingRule.objects.filter(pk=rule.pk).delete()
    assert _submit(region="SW").report.unit.code == "dgsn-cyber-sw"
