"""Every word staff read on French pages is French: reference names, statuses, kinds and the
case timeline come in the reader's language, never as English names or stored codes."""

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Organisation, OrganisationKind, Unit, User
from vigilance.cases.export import case_file_html
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle, work
from vigilance.core.models import OffenceCategory, Region
from vigilance.directory.models import RoutingRule
from vigilance.indicators.models import Indicator
from vigilance.intake import services, staff
from vigilance.intake.models import LossChannel, Report, ReportStatus

pytestmark = pytest.mark.django_db

# Codes that are also plain French words, which a French page may rightly use.
FRENCH_WORDS = {"police", "gendarmerie", "coordination", "intelligence", "international", "crypto"}


class _VisibleText(HTMLParser):
    """The words a reader sees: text outside scripts and styles, and the page's title."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def raw_codes() -> set[str]:
    choices: Iterable[str] = [
        *CaseStatus.values,
        *ReportStatus.values,
        *OrganisationKind.values,
        *LossChannel.values,
        *Organisation.objects.values_list("code", flat=True),
    ]
    return {code for code in choices if code not in FRENCH_WORDS}


def english_names() -> set[str]:
    rows = [
        *Unit.objects.values_list("name_fr", "name_en"),
        *Organisation.objects.values_list("name_fr", "name_en"),
        *Region.objects.values_list("name_fr", "name_en"),
        *OffenceCategory.objects.values_list("name_fr", "name_en"),
        *RoutingRule.objects.values_list("name_fr", "name_en"),
    ]
    return {english for french, english in rows if english != french}


def words_out_of_place(text: str) -> list[str]:
    found = [code for code in raw_codes() if re.search(rf"(?<![\w-]){code}(?![\w-])", text)]
    found += [name for name in english_names() if re.search(rf"\b{re.escape(name)}\b", text)]
    found += [arrow for arrow in re.findall(r"\b[a-z_]+ → [a-z_]+\b", text)]
    return sorted(found)


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Iterator[Case]:
    with translation.override("fr"):
        yield _case_worked(triage_officer, investigator_littoral)


def _case_worked(triage_officer: User, investigator_littoral: User) -> Case:
    """A case opened from a routed report, under investigation, shared with a prosecutor."""
    report = services.report_submit(
        draft=report_draft(
            identifiers=[services.IdentifierInput(type="momo_account", value="6 77 12 34 56")],
            loss=services.LossInput(amount=None, channel="mtn_momo"),
            language="fr",
        ),
        channel="web",
    ).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    opened = lifecycle.case_open(report=report, actor=investigator_littoral)
    lifecycle.case_transition(
        case=opened, status=CaseStatus.INVESTIGATING, actor=investigator_littoral
    )
    work.case_share_add(
        case=opened,
        reason="Réquisition",
        expires_at=timezone.now() + dt.timedelta(days=7),
        actor=investigator_littoral,
        unit=Unit.objects.get(code="prosecution-douala"),
    )
    return opened


@pytest.fixture
def waiting_report() -> Report:
    """A report the triage queue shows with the routing rule it would follow."""
    return services.report_submit(draft=report_draft(language="fr"), channel="web").report


def _french(user: User, address: str, **query: str) -> str:
    with translation.override("fr"):
        answer = personas.signed_in_client(user).get(address, query)
    assert answer.status_code == 200, address
    return visible_text(answer.content.decode())


def test_the_triage_officer_reads_french_names_and_labels(
    triage_officer: User, case: Case, waiting_report: Report
) -> None:
    with translation.override("fr"):
        report_page = reverse("cases:report_detail", kwargs={"report_id": waiting_report.public_id})
        pages = {
            "home": _french(triage_officer, reverse("cases:home")),
            "queue": _french(triage_officer, reverse("cases:triage_queue")),
            "report": _french(triage_officer, report_page),
        }
    assert {name: words_out_of_place(text) for name, text in pages.items()} == {
        name: [] for name in pages
    }
    assert "Littoral : section de lutte contre la cybercriminalité" in pages["queue"]
    assert pages["report"].startswith(f"Signalement {waiting_report.reference}")
    assert f"Signalement {waiting_report.reference}" in pages["report"]


def test_the_investigator_reads_french_statuses_and_a_french_timeline(
    investigator_littoral: User, case: Case
) -> None:
    report = case.reports.get()
    with translation.override("fr"):
        pages = {
            "cases": _french(investigator_littoral, reverse("cases:case_list")),
            "case": _french(
                investigator_littoral,
                reverse("cases:case_detail", kwargs={"case_id": case.public_id}),
            ),
            "report": _french(
                investigator_littoral,
                reverse("cases:report_detail", kwargs={"report_id": report.public_id}),
            ),
            "search": _french(investigator_littoral, reverse("cases:search"), q="Marketplace"),
            "file": visible_text(case_file_html(case=case, actor=investigator_littoral)),
        }
    assert {name: words_out_of_place(text) for name, text in pages.items()} == {
        name: [] for name in pages
    }
    assert "Ouvert → En cours d'enquête" in pages["case"]
    assert "Ouvert → En cours d'enquête" in pages["file"]
    assert "Parquet" in pages["case"]
    assert f"Signalement {report.reference}" in pages["file"]


def test_the_supervisor_reads_french_rules_and_indicators(
    supervisor_police: User, administrator_user: User, case: Case
) -> None:
    indicator = Indicator.objects.get(type="momo_account")
    indicator.provider = "mtn_momo"
    indicator.save(update_fields=["provider"])
    with translation.override("fr"):
        pages = {
            "home": _french(supervisor_police, reverse("cases:home")),
            "cases": _french(supervisor_police, reverse("cases:case_list")),
            "indicators": _french(
                supervisor_police, reverse("indicators:staff_search"), value="677123456"
            ),
            "indicator": _french(
                supervisor_police,
                reverse("indicators:staff_indicator", kwargs={"indicator_id": indicator.pk}),
            ),
            "rules": _french(administrator_user, reverse("directory:routing_rule_list")),
        }
    assert {name: words_out_of_place(text) for name, text in pages.items()} == {
        name: [] for name in pages
    }
    assert "MTN Mobile Money" in pages["indicator"]
