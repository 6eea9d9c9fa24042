"""What the victim is told happens next: statuses in plain words, the operators to call."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import report_draft
from tests.intake.test_report_pages import file_report
from vigilance.core import reference
from vigilance.intake import next_steps, services
from vigilance.intake.models import Channel, ReportStatus
from vigilance.intake.services import ReporterInput

pytestmark = pytest.mark.django_db

FOUR_OPERATORS = {"mtn", "orange", "camtel", "nexttel"}


def _file(**changes: object) -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(**changes), channel=Channel.WEB)


def _follow_page(client: Client, submitted: services.SubmittedReport, language: str) -> str:
    client.post(
        f"/{language}/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )
    return client.get(f"/{language}/follow/{submitted.report.reference}/").content.decode()


def test_every_mobile_operator_has_a_customer_service_number_to_confirm() -> None:
    data = reference.read("organisations")
    lines = {
        o["code"]: o["customer_service"] for o in data["organisations"] if "customer_service" in o
    }

    assert set(lines) == FOUR_OPERATORS
    assert all(re.fullmatch(r"\d{3,4}", line["number"]) for line in lines.values())
    assert "confirmed with each operator before production" in data["customer_service_note"]


def test_the_operators_the_report_names_come_first() -> None:
    report = _file(
        reporter=services.ReporterInput(name="Awa", phone="6 95 12 34 56"),
        identifiers=[services.IdentifierInput(type="phone", value="6 77 12 34 56")],
        loss=services.LossInput(amount=Decimal("5000"), channel="orange_money"),
    ).report

    named = next_steps.operators_named(report)
    lines = next_steps.operator_lines(named=named)

    assert named[0] == "orange"
    assert [line.code for line in lines][: len(named)] == named
    assert {line.code for line in lines} == FOUR_OPERATORS
    assert [line.is_named_in_report for line in lines] == [line.code in named for line in lines]


def test_without_any_operator_named_all_four_are_still_listed() -> None:
    report = _file(
        identifiers=[], loss=None, reporter=services.ReporterInput(name="A", email="a@example.cm")
    ).report

    lines = next_steps.operator_lines(named=next_steps.operators_named(report))

    assert {line.code for line in lines} == FOUR_OPERATORS
    assert not any(line.is_named_in_report for line in lines)


def test_every_status_has_its_own_explanation_in_each_language() -> None:
    for language in ("fr", "en"):
        with translation.override(language):
            meanings = [meaning for _code, _label, meaning in next_steps.status_explanations()]
        assert len(meanings) == len(ReportStatus.values) == len(set(meanings))
    with translation.override("fr"):
        received = next_steps.status_explanation(ReportStatus.RECEIVED)
    assert f"{next_steps.FIRST_READING_WORKING_DAYS} jours ouvrables" in received


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["La suite", "jours ouvrables", "Service client Orange", "8900"]),
        ("en", ["What happens next", "working days", "Orange customer service", "8900"]),
    ],
)
def test_done_page_says_what_happens_next_and_whom_to_call(
    client: Client, language: str, words: list[str]
) -> None:
    file_report(client, language)

    page = client.get(f"/{language}/report/done/").content.decode()

    for word in words:
        assert word in page
    assert page.index("Orange") < page.index("Nexttel")  # the report paid through Orange Money


@pytest.mark.parametrize(
    ("language", "meaning"),
    [
        ("fr", "un agent du centre de coordination le lira sous 3 jours ouvrables"),
        ("en", "An officer of the coordination centre will read it within 3 working days"),
    ],
)
def test_follow_page_explains_the_current_status(
    client: Client, language: str, meaning: str
) -> None:
    page = _follow_page(client, _file(language=language), language)

    status = re.search(r'<p class="status-meaning">(.*?)</p>', page, flags=re.S)
    assert status
    assert meaning in status[1]


def test_follow_page_of_an_anonymous_tip_says_what_anonymity_costs(client: Client) -> None:
    anonymous = _file(reporter=ReporterInput(is_anonymous=True))
    named = _file()

    assert 'id="anonymity-cost"' in _follow_page(client, anonymous, "en")
    assert "Nobody can call you back" in _follow_page(client, anonymous, "en")
    assert 'id="anonymity-cost"' not in _follow_page(Client(), named, "en")
