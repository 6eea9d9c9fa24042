"""The workspace at scale: keyset pages of the case list, the bounded case page, the exact union
of a report's linked reports, and need-to-know kept by all of them."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import report_draft
from tests.personas import signed_in_client
from vigilance.accounts.models import Unit, User
from vigilance.cases import access
from vigilance.cases.models import Case, CaseReport
from vigilance.cases.selectors import case as case_selectors
from vigilance.cases.selectors.case import case_detail, case_list_for_user, case_reports_page
from vigilance.cases.selectors.keyset import cursor_make
from vigilance.cases.selectors.linked import LINKED_CAP, linked_report_counts
from vigilance.cases.services import lifecycle
from vigilance.core.errors import InvalidAction
from vigilance.intake import services, staff
from vigilance.intake.identifier_reports import sightings_delete, sightings_save
from vigilance.intake.models import Report, Sighting

pytestmark = pytest.mark.django_db


def _cases(unit_code: str, count: int, opened_by: User, start: int = 0) -> list[Case]:
    unit = Unit.objects.get(code=unit_code)
    return [
        Case.objects.create(
            number=f"CAS-2026-{unit.pk:02d}{start + n:04d}",
            title=f"Case {start + n}",
            owning_unit=unit,
            opened_by=opened_by,
        )
        for n in range(count)
    ]


def _walk(user: User, per_page: int, between: Any = None) -> list[int]:
    """Every case of the list, page after page by the next cursor; ``between`` runs after
    each page (to add cases while someone reads)."""
    seen: list[int] = []
    cursor = ""
    while True:
        listed = case_list_for_user(user=user, cursor=cursor, per_page=per_page)
        seen += [case.pk for case in listed.page.items]
        if between is not None:
            between()
        cursor = listed.page.next_cursor
        if not cursor:
            return seen


def test_keyset_pages_never_repeat_nor_skip_a_case_when_cases_are_added_between_pages(
    investigator_littoral: User,
) -> None:
    existing = _cases("dgsn-cyber-lt", 23, investigator_littoral)
    added: list[Case] = []

    def add_two() -> None:
        added.extend(_cases("dgsn-cyber-lt", 2, investigator_littoral, start=100 + len(added)))

    seen = _walk(investigator_littoral, per_page=5, between=add_two)

    assert len(seen) == len(set(seen)), "a case was shown twice"
    assert set(seen) == {case.pk for case in existing}, "a case was skipped"
    assert seen == sorted(seen, reverse=True)
    assert added  # the new cases are at the top: the next visit from the first page shows them
    first = case_list_for_user(user=investigator_littoral, per_page=5).page.items
    assert {case.pk for case in first} <= {case.pk for case in added}


def test_previous_cursor_gives_back_the_page_before(investigator_littoral: User) -> None:
    _cases("dgsn-cyber-lt", 12, investigator_littoral)
    first = case_list_for_user(user=investigator_littoral, per_page=5).page
    second = case_list_for_user(
        user=investigator_littoral, per_page=5, cursor=first.next_cursor
    ).page
    back = case_list_for_user(
        user=investigator_littoral, per_page=5, cursor=second.previous_cursor
    ).page

    assert [c.pk for c in back.items] == [c.pk for c in first.items]
    assert back.previous_cursor == ""
    assert not first.previous_cursor


def test_the_count_stops_at_the_cap(
    investigator_littoral: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_selectors, "LIST_COUNT_CAP", 4)
    _cases("dgsn-cyber-lt", 6, investigator_littoral)
    count = case_list_for_user(user=investigator_littoral).count
    assert (count.value, count.is_capped, str(count)) == (4, True, "4+")


@pytest.mark.parametrize("kind", ["garbage", "another list", "too long"])
def test_a_forged_or_broken_cursor_is_a_clear_4xx_never_a_500(
    investigator_littoral: User, kind: str
) -> None:
    cursor = {
        "garbage": "garbage",
        "another list": cursor_make(key=5, direction="a", salt="another.list"),
        "too long": "a" * 400,
    }[kind]
    with pytest.raises(InvalidAction):
        case_list_for_user(user=investigator_littoral, cursor=cursor)
    client = signed_in_client(investigator_littoral)
    page = client.get("/fr/staff/cases/", {"cursor": cursor})
    assert page.status_code == 400
    assert "pas valide" in page.content.decode()
    api = client.get("/api/v1/cases", {"cursor": cursor}, headers={"accept-language": "en"})
    assert api.status_code == 422
    assert api.json()["error"]["fields"] == {"cursor": ["This page address is not valid."]}


def test_the_page_and_api_walk_the_list_with_next_links(investigator_littoral: User) -> None:
    cases = _cases("dgsn-cyber-lt", 55, investigator_littoral)
    client = signed_in_client(investigator_littoral)

    first = client.get("/en/staff/cases/")
    assert first.status_code == 200
    body = first.content.decode()
    assert 'rel="next"' in body
    assert "?page=" not in body
    assert "55 cases" in body
    second = client.get("/en/staff/cases/", {"cursor": first.context["page"].next_cursor})
    assert [c.pk for c in second.context["page"].items] == [c.pk for c in cases[:5]][::-1]

    listed = client.get("/api/v1/cases").json()
    assert (listed["count"], listed["count_capped"], listed["previous"]) == (55, False, None)
    following = client.get("/api/v1/cases", {"cursor": listed["next"]}).json()
    assert len(listed["items"]) + len(following["items"]) == 55
    assert following["next"] is None
    assert not {i["id"] for i in listed["items"]} & {i["id"] for i in following["items"]}


def test_another_unit_never_sees_the_case_in_any_list_count_or_page(
    investigator_littoral: User, investigator_centre: User, triage_officer: User
) -> None:
    report = services.report_submit(draft=report_draft(), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    case = lifecycle.case_open(report=report, actor=investigator_littoral)
    outsider = signed_in_client(investigator_centre)

    assert outsider.get(f"/en/staff/cases/{case.public_id}/").status_code == 404
    assert outsider.get(f"/en/staff/cases/{case.public_id}/reports/").status_code == 404
    assert outsider.get(f"/api/v1/cases/{case.public_id}").status_code == 404
    assert outsider.get(f"/api/v1/cases/{case.pk}").status_code == 404
    listed = case_list_for_user(user=investigator_centre)
    assert listed.page.items == []
    assert listed.count.value == 0
    assert outsider.get("/api/v1/cases").json()["count"] == 0
    page = outsider.get("/en/staff/cases/").content.decode()
    assert case.number not in page
    assert "0 cases" in page
    # The owners see it, in the list and its count.
    owners = case_list_for_user(user=investigator_littoral)
    assert [c.pk for c in owners.page.items] == [case.pk]
    assert owners.count.value == 1


def test_a_case_of_many_reports_shows_the_first_ones_and_links_to_all(
    investigator_littoral: User, triage_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_selectors, "REPORTS_SHOWN", 3)
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    reports = [
        staff.report_route(
            report=services.report_submit(draft=report_draft(), channel="web").report,
            unit=unit,
            actor=triage_officer,
        )
        for _ in range(5)
    ]
    case = lifecycle.case_open(report=reports[0], actor=investigator_littoral)
    CaseReport.objects.bulk_create(
        [CaseReport(case=case, report=r, added_by=investigator_littoral) for r in reports[1:]]
    )

    detail = case_detail(user=investigator_littoral, case=case)
    assert len(detail.reports) == 3
    assert detail.reports_more
    assert str(detail.reports_total) == "5"

    client = signed_in_client(investigator_littoral)
    page = client.get(f"/en/staff/cases/{case.public_id}/").content.decode()
    assert f"/en/staff/cases/{case.public_id}/reports/" in page
    api = client.get(f"/api/v1/cases/{case.public_id}").json()
    assert (len(api["reports"]), api["reports_total"], api["cut"]) == (3, 5, ["reports"])

    first = case_reports_page(case=case, per_page=2)
    walked = [r.pk for r in first.items]
    cursor = first.next_cursor
    while cursor:
        more = case_reports_page(case=case, per_page=2, cursor=cursor)
        walked += [r.pk for r in more.items]
        cursor = more.next_cursor
    assert sorted(walked) == sorted(r.pk for r in reports)
    assert len(walked) == 5
    listed = client.get(f"/en/staff/cases/{case.public_id}/reports/")
    assert listed.status_code == 200
    assert reports[-1].reference in listed.content.decode()


def _report_naming(*pairs: tuple[str, str]) -> Report:
    report = services.report_submit(draft=report_draft(), channel="web").report
    sightings_delete(Sighting.objects.filter(report=report))
    sightings_save(
        [Sighting(report=report, type=kind, value=value, raw_value=value) for kind, value in pairs]
    )
    return report


def test_linked_reports_are_the_exact_union_of_reports_sharing_any_identifier(
    triage_officer: User,
) -> None:
    everything = access.reader_resolve(triage_officer)
    phone = ("phone", "+237699000001")
    wallet = ("mobile_money", "+237677000002")
    mail = ("email", "scam@example.cm")
    target = _report_naming(phone, wallet, mail)
    # Two name the phone, two the wallet, one names both (counted once), one the mail twice.
    _report_naming(phone)
    _report_naming(phone, wallet)
    _report_naming(wallet)
    _report_naming(mail, mail)
    lone = _report_naming(("phone", "+237699999999"))

    with CaptureQueriesContext(connection) as queries:
        counts = linked_report_counts([target.pk, lone.pk], reader=everything)

    assert counts[target.pk].value == 4
    assert not counts[target.pk].is_capped
    assert counts[lone.pk].value == 0
    # The page's identifiers, then their reports from one unpartitioned table.
    sqls = [query["sql"] for query in queries.captured_queries]
    assert len(sqls) == 2
    assert "intake_sighting" in sqls[0]
    assert "intake_identifierreports" in sqls[1]


def test_a_value_named_everywhere_is_shown_as_more_than_the_cap(triage_officer: User) -> None:
    everything = access.reader_resolve(triage_officer)
    hot = ("mobile_money", "+237650000000")
    target = _report_naming(hot, ("phone", "+237699000003"))
    for _ in range(4):
        _report_naming(hot)

    capped = linked_report_counts([target.pk], cap=3, reader=everything)[target.pk]
    exact = linked_report_counts([target.pk], cap=4, reader=everything)[target.pk]

    assert capped.is_capped
    assert str(capped) == "3+"
    assert (exact.value, exact.is_capped) == (4, False)
    assert str(linked_report_counts([target.pk], reader=everything)[target.pk]) == "4"
    assert LINKED_CAP == 1000


def test_the_case_page_counts_distinct_identifiers_when_it_shows_only_the_most_named(
    investigator_littoral: User, triage_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_selectors, "IDENTIFIERS_SHOWN", 2)
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    phone, wallet, mail = (
        ("phone", "+237699000011"),
        ("mobile_money", "+237677000012"),
        ("email", "fraud@example.cm"),
    )
    first = staff.report_route(
        report=_report_naming(phone, wallet, mail), unit=unit, actor=triage_officer
    )
    second = staff.report_route(
        report=_report_naming(phone, wallet), unit=unit, actor=triage_officer
    )
    case = lifecycle.case_open(report=first, actor=investigator_littoral)
    CaseReport.objects.create(case=case, report=second, added_by=investigator_littoral)

    detail = case_detail(user=investigator_littoral, case=case)

    assert [i.report_count for i in detail.identifiers] == [2, 2]
    assert detail.identifiers_more
    assert str(detail.identifiers_total) == "3"
