"""A long run of digits typed as part of a reference or a case number: the codes holding it are
listed from the serials given so far, then read through the codes' own index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.selectors import search_codes
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff


@given(digits=st.text("0123456789", min_size=5, max_size=8), highest=st.integers(1, 1_200_000))
@settings(max_examples=60, deadline=None)
def test_the_serials_listed_are_those_whose_written_form_holds_the_digits(
    digits: str, highest: int
) -> None:
    if search_codes._possible(digits, highest) > 50_000:
        return
    listed = set(search_codes.serials_holding(digits, highest))
    step = max(1, highest // 200_000)
    # Every serial up to the highest when that is few, else a sample of them and the listed.
    checked = set(range(1, highest + 1, step)) | listed
    assert {n for n in checked if digits in f"{n:06d}"} == listed & checked
    assert all(1 <= n <= highest for n in listed)


def test_a_short_or_not_only_digits_run_or_one_held_by_too_many_is_not_listed() -> None:
    highest = {2026: 3_000_000}
    assert search_codes._codes_holding("1234", highest, str.format) is None
    assert search_codes._codes_holding("12a45", highest, str.format) is None
    assert search_codes._codes_holding("١٢٣٤٥", highest, str.format) is None
    assert search_codes._codes_holding("12345", {2026: 10**9}, str.format) is None


@pytest.mark.django_db
def test_a_run_of_a_references_serial_finds_it_and_a_run_no_serial_holds_reads_nothing(
    supervisor_police: User, investigator_centre: User, triage_officer: User
) -> None:
    filed = services.report_submit(draft=report_draft(identifiers=[]), channel="web").report
    centre = Unit.objects.get(code="dgsn-cyber-ce")
    report = staff.report_route(report=filed, unit=centre, actor=triage_officer)
    case = lifecycle.case_open(report=report, actor=investigator_centre, title="Dossier")
    serial = report.reference.rsplit("-", 1)[1]
    client = personas.signed_in_client(supervisor_police)
    answer = client.get(reverse("cases:search"), {"q": serial[1:]})
    assert report.reference in answer.content.decode()
    assert (
        case.number in client.get(reverse("cases:search"), {"q": case.number[-5:]}).content.decode()
    )
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(reverse("cases:search"), {"q": "9999999"})
    assert answer.status_code == 200
    assert report.reference not in answer.content.decode()
    substring_reads = [q["sql"] for q in captured.captured_queries if "%9999999%" in q["sql"]]
    # Only the identifiers' values are read by substring, never the references or numbers.
    assert not any('."reference"' in sql or '."number"' in sql for sql in substring_reads)
