"""The filters of the case list and the triage queue: unit, status, priority, days, "mine"; a
wrong value is answered with a message, never a 500; nobody filters their way into another
unit's cases."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CasePriority, CaseStatus
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


def _submit(**changes: object) -> Report:
    return services.report_submit(draft=report_draft(**changes), channel="web").report


def _case(unit: str, investigator: User, triage_officer: User, **changes: object) -> Case:
    report = staff.report_route(
        report=_submit(), unit=Unit.objects.get(code=unit), actor=triage_officer
    )
    case = lifecycle.case_open(report=report, actor=investigator)
    if changes:
        Case.objects.filter(pk=case.pk).update(**changes)
    return case


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _cases_page(user: User, **params: str) -> tuple[int, str]:
    response = personas.signed_in_client(user).get(reverse("cases:case_list"), params)
    return response.status_code, response.content.decode()


def _queue_page(user: User, **params: str) -> tuple[int, str]:
    response = personas.signed_in_client(user).get(reverse("cases:triage_queue"), params)
    return response.status_code, response.content.decode()


def test_the_case_list_narrows_by_unit_status_and_priority(
    supervisor_police: User,
    investigator_littoral: User,
    investigator_centre: User,
    triage_officer: User,
) -> None:
    littoral = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)
    urgent = _case(
        "dgsn-cyber-ce", investigator_centre, triage_officer, priority=CasePriority.CRITICAL
    )
    closed = _case("dgsn-cyber-ce", investigator_centre, triage_officer, status=CaseStatus.CLOSED)

    _, by_unit = _cases_page(supervisor_police, unit="dgsn-cyber-ce")
    _, by_priority = _cases_page(supervisor_police, priority=str(CasePriority.CRITICAL))
    _, open_centre = _cases_page(supervisor_police, unit="dgsn-cyber-ce", status="active")

    assert littoral.number not in by_unit
    assert urgent.number in by_unit
    assert closed.number in by_unit
    assert urgent.number in by_priority
    assert littoral.number not in by_priority
    assert closed.number not in by_priority
    assert urgent.number in open_centre
    assert closed.number not in open_centre
    assert "1 case" in by_priority


def test_the_case_list_narrows_by_opening_days_both_ends_included(
    investigator_littoral: User, triage_officer: User
) -> None:
    early = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)
    middle = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)
    late = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)
    Case.objects.filter(pk=early.pk).update(opened_at=_at(dt.date(2026, 3, 1)))
    Case.objects.filter(pk=middle.pk).update(opened_at=_at(dt.date(2026, 3, 10)))
    Case.objects.filter(pk=late.pk).update(opened_at=_at(dt.date(2026, 3, 20)))

    status, page = _cases_page(investigator_littoral, date_from="2026-03-10", date_to="2026-03-10")
    _, from_only = _cases_page(investigator_littoral, date_from="2026-03-11")

    assert status == 200
    assert middle.number in page
    assert early.number not in page
    assert late.number not in page
    assert late.number in from_only
    assert middle.number not in from_only
    assert 'value="2026-03-10"' in page


def test_the_case_list_shows_only_cases_assigned_to_me_when_asked(
    investigator_littoral: User, triage_officer: User
) -> None:
    led = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)
    led_long_ago = _case(
        "dgsn-cyber-lt", investigator_littoral, triage_officer, opened_at=_at(dt.date(2025, 1, 6))
    )
    other = _case("dgsn-cyber-lt", investigator_littoral, triage_officer, lead=None)
    this_week = (timezone.localdate() - dt.timedelta(days=7)).isoformat()

    _, mine = _cases_page(investigator_littoral, mine="on", date_from=this_week)

    assert led.number in mine
    assert led_long_ago.number not in mine
    assert other.number not in mine
    assert re.search(r'<input[^>]*name="mine"[^>]*checked', mine)


def test_a_wrong_date_or_reversed_range_reads_a_message_not_a_500(
    investigator_littoral: User, triage_officer: User
) -> None:
    case = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)

    status, page = _cases_page(investigator_littoral, date_from="2026-13-45", priority="9")
    reversed_status, reversed_page = _cases_page(
        investigator_littoral, date_from="2026-03-10", date_to="2026-03-01"
    )
    queue_status, queue = _queue_page(triage_officer, date_to="yesterday")

    assert status == 200
    assert "Give a date as year-month-day" in page
    assert 'aria-invalid="true"' in page
    assert case.number in page
    assert reversed_status == 200
    assert "Give a date on or after the first one." in reversed_page
    assert queue_status == 200
    assert "Give a date as year-month-day" in queue


def test_a_unit_the_user_cannot_see_is_not_offered_and_shows_nothing_of_it(
    investigator_littoral: User, gendarme_north: User, triage_officer: User
) -> None:
    north = _case("sed-cyber-no", gendarme_north, triage_officer)
    own = _case("dgsn-cyber-lt", investigator_littoral, triage_officer)

    _, plain = _cases_page(investigator_littoral)
    status, page = _cases_page(investigator_littoral, unit="sed-cyber-no")

    assert 'value="dgsn-cyber-lt"' in plain
    assert 'value="sed-cyber-no"' not in plain
    assert status == 200
    assert north.number not in page
    assert "Select a valid choice" in page
    assert own.number in page


def test_the_queue_narrows_by_suggested_unit_priority_and_received_days_and_counts(
    triage_officer: User,
) -> None:
    littoral = _submit(region="LT")
    centre = _submit(region="CE")
    urgent = _submit(region="CE")
    old = _submit(region="CE")
    Report.objects.filter(pk=urgent.pk).update(priority=90)
    Report.objects.filter(pk=old.pk).update(submitted_at=_at(dt.date(2026, 1, 15)))
    assert littoral.unit is not None
    assert centre.unit is not None
    assert littoral.unit_id != centre.unit_id

    _, by_unit = _queue_page(triage_officer, unit=littoral.unit.code)
    _, high = _queue_page(triage_officer, priority="high")
    _, january = _queue_page(triage_officer, date_from="2026-01-01", date_to="2026-01-31")

    assert littoral.reference in by_unit
    assert centre.reference not in by_unit
    assert "1 report waiting" in by_unit
    assert urgent.reference in high
    assert centre.reference not in high
    assert old.reference in january
    assert centre.reference not in january
    assert "1 report waiting" in january


def test_the_queue_keeps_its_filters_on_the_next_page(triage_officer: User) -> None:
    for _ in range(51):
        _submit(region="CE")
    _submit(region="LT")
    low = _submit(region="CE")
    Report.objects.update(priority=60)
    Report.objects.filter(pk=low.pk).update(priority=10)
    client = personas.signed_in_client(triage_officer)

    first = client.get(reverse("cases:triage_queue"), {"region": "CE", "priority": "medium"})
    next_query = first.context["next_query"]
    second = client.get(f"{reverse('cases:triage_queue')}?{next_query}")

    assert "region=CE" in next_query
    assert "priority=medium" in next_query
    assert "51 reports waiting" in first.content.decode()
    assert len(second.context["page"].rows) == 1
    assert second.context["page"].rows[0].report.region_id == "CE"
